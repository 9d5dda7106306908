import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { context as otelContext, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { z } from 'zod';
import { errorFields, getLogger, requestContext } from '@/common/telemetry/logger';
import { getTracer } from '@/common/telemetry/tracing';
import { routeOf, webMetrics } from '@/server/observability/metrics';
import { onboardingIdSchema } from '@/contract/http';
import { guardApiRequest } from '@/server/auth/guard';
import { ApiError, apiErrorResponse, toApiError } from './errors';

interface RouteContext<Params> {
  params: Promise<Params>;
}

/** What a route handler gets besides the request: its path parameters and who is calling. */
export interface ApiContext<Params> {
  params: Params;
  /**
   * Recorded in the onboarding's events: the signed-in user's e-mail or the API token's name; none while
   * sign-in is off.
   */
  actor: string | undefined;
}

type Handler<Params> = (request: Request, context: ApiContext<Params>) => Response | Promise<Response>;

/** An incoming `x-request-id` is kept when it is a plain token (a proxy's or the caller's); anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Probes and scrapes come every few seconds: their requests are logged at debug, the rest at info. */
const QUIET_ROUTES = new Set(['/api/health', '/api/health/live', '/api/health/ready', '/api/metrics']);

/**
 * Wraps a route handler so every failure leaves as the one error envelope with its status code.
 * Unknown errors are logged here, once, and answered with a generic 500. Every request gets a request
 * ID (echoed as `x-request-id`, on each of its log lines), a span of the onboarding's trace, a log line
 * and an observation of `http_request_duration_seconds`.
 */
export function withApi<Params = Record<string, never>>(handler: Handler<Params>) {
  return async (request: Request, context: RouteContext<Params>): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = requestIdFor(request);
    const route = routeOf(new URL(request.url).pathname);
    const log = getLogger('web');
    const attributes = { 'http.request.method': request.method, 'http.route': route, 'request.id': requestId };
    return requestContext.run({ requestId }, () =>
      getTracer().startActiveSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes }, parentContext(request), async (span) => {
        let response: Response;
        try {
          // The access policy again, inside the route: proxy.ts is never the only guard.
          const access = await guardApiRequest(request);
          response = access.refused ?? (await handler(request, { params: await context.params, actor: access.principal?.name }));
        } catch (error) {
          const apiError = toApiError(error);
          if (apiError.status >= 500) {
            log.error({ ...errorFields(error), method: request.method, route }, `${request.method} ${route} failed`);
            span.setStatus({ code: SpanStatusCode.ERROR, message: apiError.code });
          }
          response = apiErrorResponse(apiError);
        }
        const seconds = (performance.now() - startedAt) / 1000;
        span.setAttribute('http.response.status_code', response.status);
        span.end();
        webMetrics().httpDuration.observe({ method: request.method, route, status: String(response.status) }, seconds);
        const fields = { method: request.method, route, status: response.status, durationMs: Math.round(seconds * 1000) };
        if (QUIET_ROUTES.has(route)) log.debug(fields, 'request');
        else log.info(fields, 'request');
        return withRequestId(response, requestId);
      }),
    );
  };
}

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/**
 * The request's span continues the caller's trace (`traceparent`, e.g. an activity calling the sandbox).
 * While spans are exported, Next's own request span already did that and is the parent; otherwise Next
 * traces nothing (common/telemetry/tracing.ts) and the route reads the header itself.
 */
function parentContext(request: Request): Context {
  const active = otelContext.active();
  if (trace.getSpanContext(active)) return active;
  return propagation.extract(active, request.headers, headerGetter);
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set('x-request-id', requestId);
    return response;
  } catch {
    // A response with immutable headers (one passed through from fetch): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set('x-request-id', requestId);
    return copy;
  }
}

/** A JSON response whose body is checked against its schema first, so the API cannot drift from its contract. */
export function jsonResponse<S extends z.ZodType>(
  schema: S,
  body: z.input<S>,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const checked = schema.parse(body);
  return Response.json(checked, { status: init.status ?? 200, headers: { 'Cache-Control': 'no-store', ...init.headers } });
}

/** The onboarding ID from the path; anything that could not be one is a 404 (we never ask Temporal about it). */
export function parseOnboardingId(raw: string): string {
  if (!onboardingIdSchema.safeParse(raw).success) throw new ApiError('not_found', 'No onboarding with this ID.');
  return raw;
}

const STEP_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A step key from the path (a service key or a plan's task key); anything else is a 404. */
export function parseStepKey(raw: string): string {
  if (!STEP_KEY.test(raw)) throw new ApiError('not_found', 'No step with this key.');
  return raw;
}

/**
 * A JSON answer a browser may keep and revalidate: `ETag` is a hash of the body and `Cache-Control:
 * private, no-cache` lets the browser store it for this user only and ask again every time, sending
 * `If-None-Match`. When the answer has not changed it gets `304 Not Modified` and no body; the browser's
 * `fetch` hands the page its stored copy, so the page's code sees a 200 either way. For the polled detail:
 * an unchanged onboarding costs a few hundred bytes a second instead of the whole detail.
 */
export function conditionalJsonResponse<S extends z.ZodType>(request: Request, schema: S, body: z.input<S>): Response {
  const text = JSON.stringify(schema.parse(body));
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  const headers = { 'Cache-Control': 'private, no-cache', ETag: etag };
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { status: 200, headers: { ...headers, 'Content-Type': 'application/json' } });
}

/** `If-None-Match`: `*` or a list of tags, compared weakly (RFC 9110 §13.1.2: a `W/` prefix does not matter). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

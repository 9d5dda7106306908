/**
 * A small JSON-over-HTTP client for the outside services: an Idempotency-Key on every call, a per-call
 * timeout combined with the activity's cancellation, and one classification of failures into
 * retryable and permanent `ApplicationFailure`s with explicit types. A `Retry-After` on a transient
 * answer becomes the failure's `nextRetryDelay`, so Temporal waits as long as the service asked.
 */
import { context, propagation, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import { getTracer } from '../../common/telemetry/tracing';
import { FAILURE_TYPES } from '../shared/contract';
import { redactAddresses } from './mailbox';

/** What every call into an outside service carries. */
export interface CallContext {
  /** `<workflowId>:<runId>:<stepKey>`: the same key on every attempt, so a retried call never delivers twice. */
  idempotencyKey: string;
  /** Aborted when the activity is cancelled. */
  signal?: AbortSignal;
  /** The activity's attempt number (1 on the first try); the LLM switches to its fallback model from the 4th. */
  attempt?: number;
}

interface HttpClientOptions {
  /** The service's name as a person knows it, used in failure messages ("Email service"). */
  serviceName: string;
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  bearerToken?: string;
  /** The variable holding that credential, named in the message of a 401/403 ("check CRM_API_KEY"). */
  credentialVariable?: string;
  /** Statuses this service documents as "try again" beyond 408/429/5xx (the CRM's 409: same key still in progress). */
  alsoTransient?: readonly number[];
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface HttpClient {
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, call: CallContext): Promise<T>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** 408 (timeout), 429 (rate limited) and every 5xx are worth another try; other 4xx are not. */
export function isTransientHttpStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** 401/403: the credential is wrong or lacks a permission; no retry fixes that. */
export function isAuthHttpStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/** Longer waits than this are not honoured as asked: the step's own schedule-to-close ends it sooner anyway. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * `Retry-After` in milliseconds: delay-seconds (`30`) or an HTTP date, as RFC 9110 §10.2.3 allows.
 * Undefined when absent or unreadable, so the retry policy's own backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  let ms: number | undefined;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  // An HTTP date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would take "-5".
  else if (/[a-z]{3}/i.test(text)) ms = Date.parse(text) - now;
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** The retryable failure of a transient answer, waiting as long as the service asked when it said so. */
export function transientFailure(message: string, type: string, retryAfterMs: number | undefined): ApplicationFailure {
  if (retryAfterMs === undefined) return ApplicationFailure.retryable(message, type);
  return ApplicationFailure.create({
    message: `${message} (retry after ${formatDelay(retryAfterMs)})`,
    type,
    nextRetryDelay: retryAfterMs,
  });
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetchImpl ?? fetch;
  const service = options.serviceName;

  async function send<T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, call: CallContext, span: Span): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      // The answers are a few hundred bytes of JSON: compressing them costs both ends more CPU than it saves.
      'accept-encoding': 'identity',
      'idempotency-key': call.idempotencyKey,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;
    // W3C traceparent: a service that traces too continues the onboarding's trace.
    propagation.inject(context.active(), headers);

    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      text = await response.text();
    } catch (err) {
      // The activity was cancelled: let the cancellation through as it is.
      if (call.signal?.aborted) throw call.signal.reason ?? err;
      if (timeout.aborted) {
        throw ApplicationFailure.retryable(
          `${service} did not answer within ${Math.round(timeoutMs / 1000)}s`,
          FAILURE_TYPES.timeout,
        );
      }
      throw ApplicationFailure.retryable(`${service} could not be reached: ${networkReason(err)}`, FAILURE_TYPES.network);
    }

    span.setAttribute('http.response.status_code', response.status);
    const parsed = parseJson(text);
    if (response.ok) return parsed as T;

    const detail = redactAddresses((serviceMessage(parsed) ?? (text.trim() || response.statusText)).slice(0, 300));
    const message = `${service} answered HTTP ${response.status}: ${detail}`;
    if (isTransientHttpStatus(response.status) || options.alsoTransient?.includes(response.status)) {
      throw transientFailure(message, FAILURE_TYPES.transientHttp, parseRetryAfter(response.headers.get('retry-after')));
    }
    if (isAuthHttpStatus(response.status)) {
      const hint = options.credentialVariable ? ` (check ${options.credentialVariable})` : '';
      throw ApplicationFailure.nonRetryable(`${message}${hint}`, FAILURE_TYPES.authFailed);
    }
    throw ApplicationFailure.nonRetryable(message, FAILURE_TYPES.permanentHttp);
  }

  return {
    request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, call: CallContext): Promise<T> {
      // The outgoing call as a client span of the activity's trace (path only: no query, no body).
      const url = new URL(`${baseUrl}${path}`);
      const attributes = { 'http.request.method': method, 'server.address': url.hostname, 'url.path': url.pathname, 'peer.service': service };
      return getTracer().startActiveSpan(`${method} ${service}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        try {
          return await send<T>(method, path, body, call, span);
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
    },
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The service's own explanation: `{error: {message}}`, `{error: "..."}` or `{message}`. */
export function serviceMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return typeof record.message === 'string' ? record.message : undefined;
}

function networkReason(err: unknown): string {
  // undici hides the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`.
  if (err instanceof Error) {
    const cause = err.cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: unknown }).code;
      return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
    }
    return err.message;
  }
  return String(err);
}

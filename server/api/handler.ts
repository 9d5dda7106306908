import 'server-only';
import type { z } from 'zod';
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

/**
 * Wraps a route handler so every failure leaves as the one error envelope with its status code.
 * Unknown errors are logged here, once, and answered with a generic 500.
 */
export function withApi<Params = Record<string, never>>(handler: Handler<Params>) {
  return async (request: Request, context: RouteContext<Params>): Promise<Response> => {
    try {
      // The access policy again, inside the route: proxy.ts is never the only guard.
      const access = await guardApiRequest(request);
      if (access.refused) return access.refused;
      return await handler(request, { params: await context.params, actor: access.principal?.name });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) {
        console.error(`${request.method} ${new URL(request.url).pathname} failed:`, error);
      }
      return apiErrorResponse(apiError);
    }
  };
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

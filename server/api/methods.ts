import 'server-only';
import { routeMethods } from '@/contract/http';
import { ApiError, apiErrorResponse } from './errors';

/**
 * What a route answers for the methods it does not serve, from the route table in contract/http.ts:
 * `notAllowed` (405 `method_not_allowed` in the envelope, with `Allow`) and `OPTIONS` (204 with the same
 * `Allow`; Next's own would list every method the file exports, the 405 stubs included).
 */
export function unservedMethods(path: string) {
  const allow = allowHeader(routeMethods(path));
  if (allow === '') throw new Error(`${path} is not in the route table (contract/http.ts)`);
  return {
    notAllowed: (): Response => methodNotAllowedResponse(allow),
    OPTIONS: (): Response => new Response(null, { status: 204, headers: { Allow: allow, 'Cache-Control': 'no-store' } }),
  };
}

export function allowHeader(methods: readonly string[]): string {
  return methods.join(', ');
}

export function methodNotAllowedResponse(allow: string): Response {
  return apiErrorResponse(new ApiError('method_not_allowed', `This path accepts ${allow} only.`, { headers: { Allow: allow } }));
}

/**
 * For the Temporal codec endpoints (/api/temporal-codec/*), which speak Temporal's remote codec protocol
 * for the Temporal Web UI and are not part of this API's route table: 405 with the given `Allow`.
 */
export const methodNotAllowed = (allowed: readonly string[]) => (): Response => methodNotAllowedResponse(allowHeader(allowed));

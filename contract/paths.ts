/**
 * The URL of every API route, built one way for the browser client (browser/api.ts), the SWR hooks and
 * the tests. No zod here: pages import it. contract/http.ts pairs each route with its schemas.
 * Separate functions rather than one object, so a page's bundle keeps only the ones it calls.
 */
import type { OnboardingStatus } from '../temporal/shared/constants';

export interface OnboardingsQuery {
  status?: OnboardingStatus | undefined;
  q?: string | undefined;
  pageSize?: number | undefined;
  cursor?: string | undefined;
}

/** `GET` (with the list query) and `POST` (start). Empty filters are left out. */
export function onboardingsPath({ status, q, pageSize, cursor }: OnboardingsQuery = {}): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (q) params.set('q', q);
  if (pageSize) params.set('pageSize', String(pageSize));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/api/onboardings?${query}` : '/api/onboardings';
}

/** `GET` (detail) and `DELETE` (erase). */
export const onboardingPath = (id: string) => `/api/onboardings/${encodeURIComponent(id)}`;
export const retryPath = (id: string) => `${onboardingPath(id)}/retry`;
export const skipPath = (id: string) => `${onboardingPath(id)}/skip`;
export const cancelPath = (id: string) => `${onboardingPath(id)}/cancel`;

export const PLANS_PATH = '/api/plans';
export const HEALTH_PATH = '/api/health';
export const OPENAPI_PATH = '/api/openapi.json';
export const SANDBOX_STATE_PATH = '/api/sandbox/state';
export const SANDBOX_FAULTS_PATH = '/api/sandbox/faults';
export const SANDBOX_FAULT_PRESET_PATH = '/api/sandbox/faults/preset';
export const SANDBOX_RESET_PATH = '/api/sandbox/reset';

/** next-auth's own endpoints (sign-in is its business; the client only signs out). */
export const AUTH_CSRF_PATH = '/api/auth/csrf';
export const AUTH_SIGN_OUT_PATH = '/api/auth/signout';

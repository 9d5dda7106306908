/**
 * The URL of every API route, built one way for the browser client (browser/api.ts), the SWR hooks and
 * the tests. No zod here: pages import it. contract/http.ts pairs each route with its schemas.
 */
import type { OnboardingStatus } from '../temporal/shared/constants';

export interface OnboardingsQuery {
  status?: OnboardingStatus | undefined;
  q?: string | undefined;
  pageSize?: number | undefined;
  cursor?: string | undefined;
}

const onboarding = (id: string) => `/api/onboardings/${encodeURIComponent(id)}`;

export const apiPaths = {
  /** `GET` (with the list query) and `POST` (start). Empty filters are left out. */
  onboardings({ status, q, pageSize, cursor }: OnboardingsQuery = {}): string {
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (q) params.set('q', q);
    if (pageSize) params.set('pageSize', String(pageSize));
    if (cursor) params.set('cursor', cursor);
    const query = params.toString();
    return query ? `/api/onboardings?${query}` : '/api/onboardings';
  },
  /** `GET` (detail) and `DELETE` (erase). */
  onboarding,
  retry: (id: string) => `${onboarding(id)}/retry`,
  skip: (id: string) => `${onboarding(id)}/skip`,
  cancel: (id: string) => `${onboarding(id)}/cancel`,
  plans: () => '/api/plans',
  health: () => '/api/health',
  openapi: () => '/api/openapi.json',
  sandboxState: () => '/api/sandbox/state',
  sandboxFaults: () => '/api/sandbox/faults',
  sandboxFaultPreset: () => '/api/sandbox/faults/preset',
  sandboxReset: () => '/api/sandbox/reset',
  /** next-auth's own endpoints (sign-in is its business; the client only signs out). */
  authCsrf: () => '/api/auth/csrf',
  authSignOut: () => '/api/auth/signout',
} as const;

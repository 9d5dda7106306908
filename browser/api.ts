/**
 * The browser's client of the HTTP API: one named function per call the pages make, with the
 * contract's types. Components call these and never build a URL or call `fetch` themselves; the SWR
 * hooks (browser/swr/) read through the same URL builders (contract/paths.ts). Types only from
 * contract/http.ts, so zod stays out of the pages' first-load JavaScript.
 */
import type {
  AcceptedResponse,
  CancelResponse,
  EraseResponse,
  FaultPreset,
  FaultRequest,
  SandboxState,
  StartResponse,
} from '../contract/http';
import { apiPaths } from '../contract/paths';
import type { NewHireRequest, RetryPatch, StepKey } from '../temporal/shared/schemas';
import { requestJson, sendJson } from './fetcher';

export { ApiError, describeLoadError } from './fetcher';

export function startOnboarding(hire: NewHireRequest): Promise<StartResponse> {
  return sendJson(apiPaths.onboardings(), 'POST', hire);
}

/** Runs the failed step again; `patch` corrects the step's input first. */
export function retryStep(id: string, step: StepKey, patch?: RetryPatch): Promise<AcceptedResponse> {
  return sendJson(apiPaths.retry(id), 'POST', patch ? { step, patch } : { step });
}

export function skipStep(id: string, step: StepKey): Promise<AcceptedResponse> {
  return sendJson(apiPaths.skip(id), 'POST', { step });
}

export function cancelOnboarding(id: string): Promise<CancelResponse> {
  return sendJson(apiPaths.cancel(id), 'POST');
}

/** Erases a finished onboarding's personal data (its Temporal history and sandbox deliveries). */
export function eraseOnboarding(id: string): Promise<EraseResponse> {
  return requestJson(apiPaths.onboarding(id), { method: 'DELETE' });
}

// ----- sandbox -----

type Faults = SandboxState['faults'];

/** Changes the given fields of one simulated service's faults. */
export function setFaults(request: FaultRequest): Promise<Faults> {
  return sendJson(apiPaths.sandboxFaults(), 'PUT', request);
}

/** `seed`: the seed's failure rates on every service; `none`: every failure rate back to 0. */
export function applyFaultPreset(preset: FaultPreset): Promise<Faults> {
  return sendJson(apiPaths.sandboxFaultPreset(), 'POST', { preset });
}

/** Clears faults, deliveries and idempotency records. */
export function resetSandbox(): Promise<SandboxState> {
  return sendJson(apiPaths.sandboxReset(), 'POST');
}

// ----- sign-out -----

/**
 * Signs out the way next-auth's own `signOut()` does (a CSRF token, then a form POST to its signout
 * endpoint), without loading next-auth's client library on every page: the header is on all of them,
 * and that library is about 13 kB gzipped of first-load JavaScript (docs/performance.md).
 * Whatever happens, the page then goes to `callbackUrl`, which shows whether the session is gone.
 */
export async function signOut(callbackUrl: string): Promise<void> {
  try {
    const { csrfToken } = (await (await fetch(apiPaths.authCsrf())).json()) as { csrfToken?: unknown };
    await fetch(apiPaths.authSignOut(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: typeof csrfToken === 'string' ? csrfToken : '', callbackUrl, json: 'true' }),
    });
  } finally {
    window.location.assign(callbackUrl);
  }
}

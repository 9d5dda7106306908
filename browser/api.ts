/**
 * The browser's client of the HTTP API: one named function per call the pages make, with the contract's
 * types. Components call these and never build a URL or call `fetch` themselves (lint says so); reads go
 * through the SWR hooks (browser/swr/), whose URLs and fetcher are in browser/fetcher.ts.
 * Components load this module when a person acts (`await import('@/browser/api')`), so it is not in any
 * page's first-load JavaScript; types only from contract/http.ts, so zod is not either.
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
import type { NewHireRequest, RetryPatch, StepKey } from '../temporal/shared/schemas';
import { onboardingPath, onboardingsPath, requestJson, sendJson, servicePath } from './fetcher';
import type { ServiceView } from '../contract/services';

export { signOut } from './sign-out';

const retryPath = (id: string) => `${onboardingPath(id)}/retry`;
const skipPath = (id: string) => `${onboardingPath(id)}/skip`;
const cancelPath = (id: string) => `${onboardingPath(id)}/cancel`;
const SANDBOX_FAULTS_PATH = '/api/sandbox/faults';
const SANDBOX_FAULT_PRESET_PATH = '/api/sandbox/faults/preset';
const SANDBOX_RESET_PATH = '/api/sandbox/reset';

export { sendJson };

export function startOnboarding(hire: NewHireRequest): Promise<StartResponse> {
  return sendJson(onboardingsPath({}), 'POST', hire);
}

/** Runs the failed step again; `patch` corrects the step's input first. */
export function retryStep(id: string, step: StepKey, patch?: RetryPatch): Promise<AcceptedResponse> {
  return sendJson(retryPath(id), 'POST', patch ? { step, patch } : { step });
}

export function skipStep(id: string, step: StepKey): Promise<AcceptedResponse> {
  return sendJson(skipPath(id), 'POST', { step });
}

export function cancelOnboarding(id: string): Promise<CancelResponse> {
  return sendJson(cancelPath(id), 'POST');
}

/** Runs a scheduled step (or opens a scheduled task) now instead of at its time. */
export function runStepNow(id: string, step: string): Promise<AcceptedResponse> {
  return sendJson(`${onboardingPath(id)}/steps/${encodeURIComponent(step)}/run-now`, 'POST');
}

/** Moves every step not yet done to a new start date. */
export function rescheduleOnboarding(id: string, startDate: string): Promise<AcceptedResponse> {
  return sendJson(`${onboardingPath(id)}/reschedule`, 'POST', { startDate });
}

/** Closes an open task from the dashboard, with an optional note for the activity log. */
export function completeTask(id: string, step: string, note?: string): Promise<AcceptedResponse> {
  return sendJson(`${onboardingPath(id)}/tasks/${encodeURIComponent(step)}/complete`, 'POST', note ? { note } : {});
}

/** HR's decision on a learning-path draft: approve it, or request changes in words the model follows. */
export function decideApproval(id: string, step: string, decision: 'approve' | 'request_changes', feedback?: string): Promise<AcceptedResponse> {
  return sendJson(`${onboardingPath(id)}/approvals/${encodeURIComponent(step)}`, 'POST', feedback ? { decision, feedback } : { decision });
}

/** Starts a cancelled or failed onboarding again under the same ID (`restart: true`). */
export function startAgain(hire: NewHireRequest): Promise<StartResponse> {
  return sendJson(onboardingsPath({}), 'POST', { ...hire, restart: true });
}

/** What a person's link is for, and their answer (no account: the token is the credential). */
export function answerLink(token: string, decision: 'done' | 'approve' | 'request_changes', feedback?: string): Promise<AcceptedResponse> {
  return sendJson(`/api/act/${encodeURIComponent(token)}`, 'POST', feedback ? { decision, feedback } : { decision });
}

/** Erases a finished onboarding's personal data (its Temporal history and sandbox deliveries). */
export function eraseOnboarding(id: string): Promise<EraseResponse> {
  return requestJson(onboardingPath(id), { method: 'DELETE' });
}

// ----- sandbox -----

type Faults = SandboxState['faults'];

/** Changes the given fields of one simulated service's faults. */
export function setFaults(request: FaultRequest): Promise<Faults> {
  return sendJson(SANDBOX_FAULTS_PATH, 'PUT', request);
}

/** `seed`: the seed's failure rates on every service; `none`: every failure rate back to 0. */
export function applyFaultPreset(preset: FaultPreset): Promise<Faults> {
  return sendJson(SANDBOX_FAULT_PRESET_PATH, 'POST', { preset });
}

/** Clears faults, deliveries and idempotency records. */
export function resetSandbox(): Promise<SandboxState> {
  return sendJson(SANDBOX_RESET_PATH, 'POST');
}

/** Holds every step of the service until it is resumed; the reason is what HR and the timelines read. */
export function pauseService(service: string, reason: string): Promise<ServiceView> {
  return sendJson(servicePath(service, 'pause'), 'POST', { reason });
}

export function resumeService(service: string): Promise<ServiceView> {
  return sendJson(servicePath(service, 'resume'), 'POST');
}

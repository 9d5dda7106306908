/**
 * The contract's plain values: step keys and labels, statuses, roles. No zod here, on purpose: pages
 * import these, and importing them from schemas.ts would put the whole zod library (about 34 kB
 * gzipped) into every page's first-load JavaScript. schemas.ts re-exports all of it.
 */
export const STEP_KEYS = ['welcome-email', 'learning-path', 'crm-update', 'slack-notification'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const STEP_LABELS: Record<StepKey, string> = {
  'welcome-email': 'Send welcome email',
  'learning-path': 'Generate learning path',
  'crm-update': 'Update CRM status',
  'slack-notification': 'Notify team on Slack',
};

/**
 * How many steps an onboarding has done, as the list reads it from the search attributes alone: every
 * step before the current one, or all of them once completed. The workflow writes `completedSteps` to
 * the memo only when the truth differs from this (a skipped or undone step), which saves a history event
 * and a visibility write per step (docs/performance.md).
 */
export function impliedCompletedSteps(status: string | null | undefined, step: string | null | undefined): number {
  if (status === 'completed') return STEP_KEYS.length;
  const index = (STEP_KEYS as readonly (string | null | undefined)[]).indexOf(step);
  return index === -1 ? 0 : index;
}

export const ONBOARDING_STATUSES = [
  'running',
  'needs_attention',
  'completed',
  'cancelling',
  'cancelled',
  'failed',
] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

export function isOnboardingStatus(value: unknown): value is OnboardingStatus {
  return (ONBOARDING_STATUSES as readonly unknown[]).includes(value);
}

/** Statuses after which nothing more will happen to an onboarding. */
export const FINISHED_STATUSES: readonly OnboardingStatus[] = ['completed', 'cancelled', 'failed'];

export const STEP_STATUSES = [
  'pending',
  'running',
  'retrying',
  'completed',
  'failed',
  'skipped',
  'cancelled',
  'compensated',
  /** Waiting for its time in the plan (a durable timer). */
  'scheduled',
  /** A task or approval is open: a person has to act. */
  'waiting_for_person',
  /** Its undo after a cancel gave up: someone has to take it back by hand. */
  'compensation_failed',
  /** Its service is paused or its breaker open: it waits without using attempts (waitingReason says why). */
  'waiting',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

// The new-hire form's values (default channel, known roles, start-date window) are in ./new-hire-rules.ts,
// so the pages that only show onboardings do not load them; schemas.ts re-exports them.

/** Which retry-patch field each step accepts. */
export const EDITABLE_FIELD: Partial<Record<StepKey, 'email' | 'slackChannel' | 'role'>> = {
  'welcome-email': 'email',
  'learning-path': 'role',
  'slack-notification': 'slackChannel',
};

/** The outside services, each behind its own breaker (temporal/shared/breaker.ts). */
export const SERVICES = ['email', 'llm', 'crm', 'slack'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const SERVICE_LABELS: Record<ServiceName, string> = { email: 'Email', llm: 'LLM', crm: 'CRM', slack: 'Slack' };

/**
 * The data contract shared by the web app, the worker and the workflow.
 * Everything here is plain zod and must stay importable from workflow code (no Node built-ins, no I/O).
 */
import { z } from 'zod';
import { ONBOARDING_STATUSES, STEP_KEYS, STEP_STATUSES } from './constants';
import { DEFAULT_SLACK_CHANNEL, isoDay, START_DATE_WINDOW } from './new-hire-rules';

// The plain values live in constants.ts (no zod) so pages can import them without zod; see there.
export * from './constants';
export * from './new-hire-rules';

export const stepKeySchema = z.enum(STEP_KEYS);
export type StepKey = z.infer<typeof stepKeySchema>;

export const onboardingStatusSchema = z.enum(ONBOARDING_STATUSES);
export type OnboardingStatus = z.infer<typeof onboardingStatusSchema>;

export const stepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof stepStatusSchema>;

// C0 and C1 control characters (tabs and newlines included): never part of a name.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * An e-mail address as zod checks it (stricter than RFC 5322: no quoted parts, no IP literals); the
 * OpenAPI document carries the very same regular expression as the field's `pattern`.
 */
export const emailAddressSchema = z
  .email({ error: 'Enter a valid email address, like jane@example.com' })
  .max(254, { error: 'An email address has at most 254 characters' })
  .meta({ pattern: z.regexes.email.source });

export const employeeIdSchema = z
  .string({ error: 'Enter the employee ID' })
  .min(1, { error: 'Enter the employee ID' })
  .max(64, { error: 'An employee ID has at most 64 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: 'Use letters, digits, dots, underscores or hyphens, starting with a letter or digit',
  });

export const slackChannelSchema = z
  .string()
  .regex(/^#[a-z0-9_-]{1,80}$/, {
    error: 'Use # followed by 1–80 lowercase letters, digits, hyphens or underscores, like #onboarding-team',
  });

export const roleSchema = z
  .string({ error: 'Enter the role' })
  .trim()
  .min(1, { error: 'Enter the role' })
  .max(80, { error: 'A role has at most 80 characters' })
  // Documented as the OpenAPI `pattern`: trimmed, it must still hold a character.
  .meta({ pattern: '\\S' });

/**
 * A real calendar date written YYYY-MM-DD (Gregorian leap years; 2025-02-30 and 0000-00-00 do not match).
 * One regular expression, so the OpenAPI document carries the exact rule as the field's `pattern`.
 */
export const CALENDAR_DATE_PATTERN =
  /^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$/;

const calendarDateSchema = z.string({ error: 'Enter the start date' }).regex(CALENDAR_DATE_PATTERN, {
  error: (issue) =>
    typeof issue.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(issue.input) ? 'This date does not exist' : 'Enter the date as YYYY-MM-DD',
});

export function isCalendarDate(value: string): boolean {
  return CALENDAR_DATE_PATTERN.test(value);
}

/**
 * The fields of a new hire. Used as is inside the workflow (no clock-dependent checks there);
 * `newHireSchema` adds the start-date window for requests.
 */
export const newHireFieldsSchema = z.strictObject({
  employeeId: employeeIdSchema,
  fullName: z
    .string({ error: 'Enter the full name' })
    .trim()
    .min(1, { error: 'Enter the full name' })
    .max(120, { error: 'A name has at most 120 characters' })
    .refine((s) => !CONTROL_CHARACTERS.test(s), { error: 'Remove line breaks and control characters' })
    // For the OpenAPI document: a visible character, and no control character anywhere (the check
    // above runs after trimming, so this is slightly stricter at the ends, never looser).
    .meta({ pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$' }),
  email: emailAddressSchema,
  role: roleSchema,
  department: z.string().trim().max(80, { error: 'A department has at most 80 characters' }).optional(),
  startDate: calendarDateSchema,
  managerEmail: emailAddressSchema.optional(),
  slackChannel: slackChannelSchema.default(DEFAULT_SLACK_CHANNEL),
  /** The colleague who shows the hire around; required by plans with tasks for a buddy. */
  buddyEmail: emailAddressSchema.optional(),
});
export type NewHire = z.infer<typeof newHireFieldsSchema>;

/** A start request: the hire, the plan to follow (default `standard`) and whether to start a closed onboarding again. */
export const startRequestFieldsSchema = newHireFieldsSchema.extend({
  plan: z
    .string({ error: 'Pick a plan' })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'Pick one of the plans' })
    .optional(),
  restart: z.boolean({ error: 'restart is true or false' }).optional(),
});
export type NewHireRequest = z.input<typeof startRequestFieldsSchema>;
export type StartRequest = z.infer<typeof startRequestFieldsSchema>;

/** Why a start date is outside the window of 90 days ago to 365 days ahead, or undefined when it is inside. */
export function startDateWindowProblem(startDate: string, today: Date = new Date()): string | undefined {
  const earliest = isoDay(today, -START_DATE_WINDOW.daysBefore);
  const latest = isoDay(today, START_DATE_WINDOW.daysAfter);
  return startDate < earliest || startDate > latest ? `Pick a start date between ${earliest} and ${latest}` : undefined;
}

/** The request schema: the fields plus a start date from 90 days ago to 365 days ahead. */
export function makeNewHireSchema(now: () => Date = () => new Date()) {
  return startRequestFieldsSchema.superRefine((hire, ctx) => {
    const problem = startDateWindowProblem(hire.startDate, now());
    if (problem) ctx.addIssue({ code: 'custom', path: ['startDate'], message: problem });
  });
}
export const newHireSchema = makeNewHireSchema();

/** Corrections HR may send with a retry, one per step that has editable input. */
export const retryPatchSchema = z.strictObject({
  email: emailAddressSchema.optional(),
  slackChannel: slackChannelSchema.optional(),
  role: roleSchema.optional(),
});
export type RetryPatch = z.infer<typeof retryPatchSchema>;

export const retryRequestSchema = z.strictObject({
  step: stepKeySchema.optional(),
  patch: retryPatchSchema.optional(),
});
export type RetryRequest = z.infer<typeof retryRequestSchema>;

export const skipRequestSchema = z.strictObject({ step: stepKeySchema });
export type SkipRequest = z.infer<typeof skipRequestSchema>;

/** A plan step's key (service steps use their service's key). */
export const planStepKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'Not a step key' });

export const rescheduleRequestSchema = z.strictObject({ startDate: calendarDateSchema });
export type RescheduleRequest = z.infer<typeof rescheduleRequestSchema>;
export const completeTaskRequestSchema = z.strictObject({
  note: z.string().trim().max(1000, { error: 'A note has at most 1,000 characters' }).optional(),
});
export type CompleteTaskRequest = z.infer<typeof completeTaskRequestSchema>;

/** A Temporal duration string such as `500ms`, `1s`, `2m`. */
export const durationSchema = z.string().regex(/^\d+(ms|s|m|h)$/, { error: 'Use a duration like 500ms, 1s, 2m' });

/**
 * A plan step as the workflow follows it: the plan file's step with its times resolved to instants on the
 * web side (in COMPANY_TIME_ZONE; the workflow never computes calendar time) and its owner's address.
 */
export const plannedStepSchema = z.object({
  key: planStepKeySchema,
  kind: z.enum(['service', 'task']),
  label: z.string(),
  service: stepKeySchema.optional(),
  /** ISO instant: not before then (absent: at once). */
  at: z.string().optional(),
  /** ISO instant a task is due. */
  due: z.string().optional(),
  /** The plan's time expressions, kept so a reschedule can resolve them again for a new start date. */
  atExpression: z.string().optional(),
  dueExpression: z.string().optional(),
  owner: z.enum(['manager', 'hr', 'it', 'buddy', 'hire']).optional(),
  /** Where the owner's link goes. */
  ownerAddress: z.string().optional(),
  approval: z.enum(['manager', 'hr']).optional(),
  blocking: z.boolean().optional(),
  description: z.string().optional(),
});
export type PlannedStep = z.infer<typeof plannedStepSchema>;

/** Who hears about a step that waits for a person, and when. */
export const escalationSettingsSchema = z.object({
  escalateAfterMs: z.number().int().positive(),
  remindEveryMs: z.number().int().positive(),
  maxReminders: z.number().int().nonnegative(),
  hrEmail: z.string(),
  hrSlackChannel: z.string(),
  /** The onboarding's page on the dashboard, named in every escalation. */
  dashboardUrl: z.string(),
  /** How long an owner's link stays valid. */
  linkTtlMs: z.number().int().positive(),
});
export type EscalationSettings = z.infer<typeof escalationSettingsSchema>;

export const onboardingInputSchema = z.object({
  hire: newHireFieldsSchema,
  /** Read from the environment when the onboarding starts, so each run's policy is in its history. */
  retry: z.object({ initialInterval: durationSchema, maximumInterval: durationSchema }),
  /** Who started it (a user's email or an API token's name); absent when auth is off. */
  requestedBy: z.string().optional(),
  /**
   * The plan, copied at start (editing a plan file never changes a running onboarding). Absent in runs
   * started before plans: they run the four service steps at once, as they always did.
   */
  plan: z.object({ id: z.string(), name: z.string(), steps: z.array(plannedStepSchema).min(1) }).optional(),
  /** Absent in runs started before escalation: a step that needs a person waits silently, as it did. */
  escalation: escalationSettingsSchema.optional(),
  /**
   * The assistant (AUTO_FIX, read at start): `off` records no diagnosis, `suggest` (also when absent)
   * records one for a person to apply, `apply` lets the workflow apply a sure fix itself, once per step.
   */
  assistant: z.object({ autoFix: z.enum(['off', 'suggest', 'apply']) }).optional(),
});
export type OnboardingInput = z.infer<typeof onboardingInputSchema>;

// ----- results of each step (what the dashboard shows as the step's outcome) -----

export const welcomeEmailResultSchema = z.object({
  messageId: z.string(),
  to: z.string(),
  subject: z.string(),
});
export const learningModuleSchema = z.object({
  title: z.string().min(1).max(200),
  durationHours: z.number().positive().max(200),
  why: z.string().min(1).max(500),
});
/** What the LLM must answer; anything else is retried, then a permanent failure. */
export const learningPathSchema = z.object({
  modules: z.array(learningModuleSchema).min(1).max(12),
});
// The AI figures are optional so histories written before they existed still decode.
export const learningPathResultSchema = learningPathSchema.extend({
  role: z.string(),
  model: z.string(),
  tokens: z.object({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() }).optional(),
  latencyMs: z.number().nonnegative().optional(),
  asks: z.number().int().positive().optional(),
  /** "answered by fallback model <name>" when LLM_FALLBACK_* answered instead of the primary model. */
  note: z.string().optional(),
});
export const crmUpdateResultSchema = z.object({ employeeId: z.string(), status: z.string() });
export const slackResultSchema = z.object({ channel: z.string(), ts: z.string(), text: z.string() });

export type WelcomeEmailResult = z.infer<typeof welcomeEmailResultSchema>;
export type LearningModule = z.infer<typeof learningModuleSchema>;
export type LearningPath = z.infer<typeof learningPathSchema>;
export type LearningPathResult = z.infer<typeof learningPathResultSchema>;
export type CrmUpdateResult = z.infer<typeof crmUpdateResultSchema>;
export type SlackResult = z.infer<typeof slackResultSchema>;

export type StepResult = WelcomeEmailResult | LearningPathResult | CrmUpdateResult | SlackResult;
export const stepResultSchema = z.union([
  welcomeEmailResultSchema,
  learningPathResultSchema,
  crmUpdateResultSchema,
  slackResultSchema,
]);

// ----- workflow state, returned whole by the `progress` query -----

export const stepFailureSchema = z.object({
  message: z.string(),
  type: z.string(),
  nonRetryable: z.boolean(),
});
export type StepFailure = z.infer<typeof stepFailureSchema>;

/** The assistant's diagnosis of a failed step (temporal/shared/diagnosis.ts has the plain type). */
export const diagnosisSchema = z.object({
  summary: z.string(),
  cause: z.string(),
  suggestion: z
    .object({
      patch: z.object({ email: z.string().optional(), slackChannel: z.string().optional(), role: z.string().optional() }).optional(),
      action: z.enum(['retry', 'skip']).optional(),
      instructions: z.string().optional(),
    })
    .nullable(),
  confidence: z.number().min(0).max(1),
  source: z.enum(['rules', 'llm']),
});
export type DiagnosisView = z.infer<typeof diagnosisSchema>;

/** One draft of a learning path under approval, and the feedback that produced it (none for the first). */
export const approvalDraftSchema = z.object({
  round: z.number().int().positive(),
  modules: z.array(learningModuleSchema),
  feedback: z.string().optional(),
  at: z.string(),
});

export const approvalStateSchema = z.object({
  /** Who decides now: the plan's approver, or HR once the approver's rounds are used up. */
  approver: z.enum(['manager', 'hr']),
  /** The draft being decided on (1, 2, ...). */
  round: z.number().int().positive(),
  /** How many drafts the plan's approver sees before HR decides. */
  maxRounds: z.number().int().positive(),
  /** Open while a decision is awaited. */
  open: z.boolean(),
  drafts: z.array(approvalDraftSchema),
  approvedBy: z.string().nullable(),
});
export type ApprovalState = z.infer<typeof approvalStateSchema>;

export const stepStateSchema = z.object({
  /** A service step's key is its service (StepKey); a task's is its plan key. */
  key: planStepKeySchema,
  label: z.string(),
  status: stepStatusSchema,
  /** Attempt within the current round (a retry by a person starts a new round with a fresh budget). */
  attempt: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  /** How many times a person asked for this step to run again. */
  round: z.number().int().nonnegative(),
  lastFailure: stepFailureSchema.nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: stepResultSchema.nullable(),
  // Plan fields: absent in runs started before plans.
  kind: z.enum(['service', 'task']).optional(),
  /** The instant the plan puts the step at (moved by a reschedule). */
  at: z.string().nullable().optional(),
  dueAt: z.string().nullable().optional(),
  owner: z.string().nullable().optional(),
  blocking: z.boolean().optional(),
  description: z.string().optional(),
  completedBy: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  /** The owner's current link (its nonce; the owner address it went to); used once. */
  link: z.object({ nonce: z.string(), used: z.boolean() }).nullable().optional(),
  /** Set once the task passed its due time without being done. */
  overdueSince: z.string().nullable().optional(),
  /** Since when a person has been needed (failed, or an overdue task); cleared when it is resolved. */
  attentionSince: z.string().nullable().optional(),
  /** Why the undo failed, when status is compensation_failed. */
  compensationFailure: z.string().nullable().optional(),
  /** Nonces of this step's earlier links (an approval sends a new link each round): they answer 410. */
  usedNonces: z.array(z.string()).optional(),
  /** The assistant's diagnosis of the step's latest failure (cleared when it runs again). */
  diagnosis: diagnosisSchema.nullable().optional(),
  /** True once the assistant applied a fix to this step itself (AUTO_FIX=apply): never a second time. */
  autoFixed: z.boolean().optional(),
  /** The approval of a learning path: its drafts and where the decision stands. */
  approval: approvalStateSchema.optional(),
  /** While `waiting`: why ("Slack paused: outage"). */
  waitingReason: z.string().nullable().optional(),
});
export type StepState = z.infer<typeof stepStateSchema>;

export const EVENT_TYPES = [
  'onboarding.started',
  'step.started',
  'step.retrying',
  'step.completed',
  'step.failed',
  'step.skipped',
  'step.cancelled',
  'step.compensated',
  'step.compensation_failed',
  'retry.requested',
  'skip.requested',
  'cancel.requested',
  'onboarding.needs_attention',
  'onboarding.completed',
  'onboarding.cancelled',
  'step.scheduled',
  'run_now.requested',
  'onboarding.rescheduled',
  'task.opened',
  'task.overdue',
  'task.completed',
  'link.sent',
  'escalated',
  'reminder_sent',
  'step.diagnosed',
  'fix.applied',
  'approval.requested',
  'approval.changes_requested',
  'approval.drafted',
  'approval.approved',
  'approval.handed_to_hr',
  'step.waiting',
] as const;
export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

export const onboardingEventSchema = z.object({
  at: z.string(),
  type: eventTypeSchema,
  step: planStepKeySchema.optional(),
  message: z.string(),
  actor: z.string().optional(),
});
export type OnboardingEvent = z.infer<typeof onboardingEventSchema>;

export const onboardingStateSchema = z.object({
  status: onboardingStatusSchema,
  currentStep: planStepKeySchema.nullable(),
  input: newHireFieldsSchema,
  steps: z.array(stepStateSchema),
  events: z.array(onboardingEventSchema),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  /** The plan this run follows (absent in runs started before plans: the standard four steps). */
  plan: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type OnboardingState = z.infer<typeof onboardingStateSchema>;

/** Kept in the memo so the list needs no query per row. Names are fine here: the memo goes through the payload codec. */
export const onboardingMemoSchema = z.object({
  employeeId: z.string(),
  fullName: z.string(),
  role: z.string(),
  department: z.string().optional(),
  startDate: z.string(),
  /** Written only when it differs from impliedCompletedSteps(); runs from before that always carry it. */
  completedSteps: z.number().int().nonnegative().optional(),
  /** How many steps the run's plan has, when not the four of the standard plan. */
  totalSteps: z.number().int().positive().optional(),
  /** `approval` while the step that first needed a person is an approval waiting past ESCALATE_AFTER. */
  attentionReason: z.string().optional(),
});
export type OnboardingMemo = z.infer<typeof onboardingMemoSchema>;

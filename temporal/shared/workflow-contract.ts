/**
 * The contract both processes import: workflow name, message handles, search attributes, step policies
 * and the activity interface. Workflow-safe (no Node built-ins) and free of zod: the workflow imports
 * this module, and every module it imports is evaluated again for each workflow run in the worker's
 * shared V8 context, so zod here cost CPU on every onboarding (docs/performance.md). Code outside the
 * workflow imports `./contract`, which adds the zod schemas.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type {
  CrmUpdateResult,
  LearningPathResult,
  NewHire,
  OnboardingState,
  RetryRequest,
  SkipRequest,
  PlannedStep,
  SlackResult,
  StepKey,
  StepState,
  WelcomeEmailResult,
} from './schemas';
import { STEP_LABELS } from './constants';
import type { Diagnosis, FailureFacts } from './diagnosis';
import type { BreakerView } from './breaker';

/** Workflows are started by this name, never by function reference: Next minifies function names. */
export const WORKFLOW_TYPE = 'onboardingWorkflow';
export const DEFAULT_TASK_QUEUE = 'onboarding';

export function workflowIdFor(employeeId: string): string {
  return `onboarding-${employeeId}`;
}
export const WORKFLOW_ID_PREFIX = 'onboarding-';

// ----- messages -----

/** The whole state of one onboarding. */
export const progressQuery = defineQuery<OnboardingState>('progress');

/** Who asked, recorded in the onboarding's events. */
export interface Actor {
  actor?: string;
}
export const retryUpdate = defineUpdate<{ accepted: true }, [RetryRequest & Actor]>('retry');
export const skipUpdate = defineUpdate<{ accepted: true }, [SkipRequest & Actor]>('skip');
/** Runs a scheduled step now instead of at its time. */
export const runNowUpdate = defineUpdate<{ accepted: true }, [{ step: string } & Actor]>('runNow');
/** New instants for the steps not yet done, resolved by the web side for the new start date. */
export interface RescheduleArgs extends Actor {
  startDate: string;
  /** 00:00 of the new start date in the company's time zone (the `OnboardingStartDate` search attribute). */
  startsAt?: string;
  times: Record<string, { at?: string; due?: string }>;
}
export const rescheduleUpdate = defineUpdate<{ accepted: true }, [RescheduleArgs]>('reschedule');
/** Closes an open task: by HR from the dashboard (note), or by its owner through a link (nonce). */
export interface CompleteTaskArgs extends Actor {
  step: string;
  note?: string;
  /** The link's nonce, when the owner used their link: accepted once. */
  nonce?: string;
}
export const completeTaskUpdate = defineUpdate<{ accepted: true }, [CompleteTaskArgs]>('completeTask');
/** A decision on a learning path waiting for approval: by its approver (link, nonce) or by HR (dashboard). */
export interface ApprovalDecisionArgs extends Actor {
  step: string;
  decision: 'approve' | 'request_changes';
  /** Required with request_changes: what to change, in the approver's words ("add security basics"). */
  feedback?: string;
  /** The link's nonce, when the approver used their link: accepted once, and only for the current draft. */
  nonce?: string;
}
export const decideApprovalUpdate = defineUpdate<{ accepted: true }, [ApprovalDecisionArgs]>('decideApproval');
/**
 * Sent just before `handle.cancel()` so the events say who cancelled: cancellation itself carries no payload.
 */
export const cancelRequestedSignal = defineSignal<[Actor]>('cancelRequested');

/** One failed attempt of a step that will be retried. */
export interface AttemptFailure {
  step: StepKey;
  attempt: number;
  message: string;
  type: string;
}
/**
 * Sent by an activity to its own workflow when an attempt fails and Temporal will retry it, so the
 * `step.retrying` event lands in the workflow state (history alone has no event for a failed attempt).
 */
export const attemptFailedSignal = defineSignal<[AttemptFailure]>('attemptFailed');

/**
 * The `type` of the `ApplicationFailure` an update validator throws when it rejects a decision; its
 * message is the reason, written for a person. The web side maps the type to its error code.
 */
export const UPDATE_REJECTION_TYPES = {
  notRetryable: 'not_retryable',
  notSkippable: 'not_skippable',
  notScheduled: 'not_scheduled',
  notOpen: 'not_open',
  alreadyClosed: 'already_closed',
  linkUsed: 'link_used',
} as const;
export type UpdateRejectionType = (typeof UPDATE_REJECTION_TYPES)[keyof typeof UPDATE_REJECTION_TYPES];

// ----- search attributes (never personal data: they are not encrypted) -----

export const SA_STATUS = defineSearchAttributeKey('OnboardingStatus', SearchAttributeType.KEYWORD);
export const SA_STEP = defineSearchAttributeKey('OnboardingStep', SearchAttributeType.KEYWORD);
/** Keyed hashes (HMAC-SHA256, truncated) of the normalised words of the hire's name, for search. */
export const SA_NAME_TOKENS = defineSearchAttributeKey('OnboardingNameTokens', SearchAttributeType.KEYWORD_LIST);
/** 00:00 of the start date in the company's time zone (for "starts within 3 days"). */
export const SA_START_DATE = defineSearchAttributeKey('OnboardingStartDate', SearchAttributeType.DATETIME);
/** Since when a person has been needed (a failed step, an overdue task); unset when nobody is. */
export const SA_ATTENTION_SINCE = defineSearchAttributeKey('OnboardingAttentionSince', SearchAttributeType.DATETIME);

/** `--search-attribute` values for the dev server and the test environment. */
export const SEARCH_ATTRIBUTE_REGISTRATIONS = [
  'OnboardingStatus=Keyword',
  'OnboardingStep=Keyword',
  'OnboardingNameTokens=KeywordList',
  'OnboardingStartDate=Datetime',
  'OnboardingAttentionSince=Datetime',
] as const;

// ----- per-step retry policy (from the seed) -----

export interface StepPolicy {
  maximumAttempts: number;
  scheduleToCloseTimeout: string;
  startToCloseTimeout: string;
  backoffCoefficient: number;
}

export const STEP_POLICIES: Record<StepKey, StepPolicy> = {
  'welcome-email': { maximumAttempts: 5, scheduleToCloseTimeout: '5 minutes', startToCloseTimeout: '30s', backoffCoefficient: 2 },
  // An LLM answer can take a while; still bounded so a hung provider is retried.
  'learning-path': { maximumAttempts: 5, scheduleToCloseTimeout: '5 minutes', startToCloseTimeout: '60s', backoffCoefficient: 2 },
  'crm-update': { maximumAttempts: 5, scheduleToCloseTimeout: '5 minutes', startToCloseTimeout: '30s', backoffCoefficient: 2 },
  'slack-notification': { maximumAttempts: 3, scheduleToCloseTimeout: '1 minute', startToCloseTimeout: '15s', backoffCoefficient: 2 },
};

/** A step before it has run: how the workflow starts, and how the web side fills in a state it cannot query. */
export function initialStepState(key: StepKey, status: StepState['status'] = 'pending'): StepState {
  return {
    key,
    label: STEP_LABELS[key],
    status,
    attempt: 0,
    maxAttempts: STEP_POLICIES[key].maximumAttempts,
    round: 0,
    lastFailure: null,
    startedAt: null,
    completedAt: null,
    result: null,
  };
}

// ----- activities (implemented in temporal/activities, imported into workflows with `import type`) -----

/**
 * What every activity returns: its value and the attempt that produced it. The workflow cannot see
 * intermediate attempts by itself, so this is how a completed step shows "attempt N of M".
 */
export interface Attempted<T> {
  value: T;
  attempt: number;
}

/** Carried in `ApplicationFailure.details[0]` when an activity attempt fails, for the same reason. */
export interface AttemptFailureDetails {
  attempt: number;
}

/**
 * What a step's call needs from the workflow besides its input. Optional everywhere: activities
 * scheduled by older workflow code arrive without it.
 */
export interface StepCall {
  /**
   * The step's round (StepState.round), set from its first retry with a corrected input on: the corrected
   * call is a new request, so its idempotency key carries the round. Absent before that.
   */
  round?: number;
  /** Look at the service's breaker first and hold the call while it is open or paused (runs with the breaker patch). */
  breaker?: boolean;
  /** This call is the one the open breaker lets through to test the service (its first attempt only). */
  probe?: boolean;
}

/**
 * A step's call that did not go out: its service is paused or its breaker open. The activity completes
 * with this instead of failing, so no attempt is used; the workflow waits for the breaker's word.
 */
export interface HeldCall {
  held: BreakerView;
  attempt: number;
  value?: undefined;
}
export type StepOutcome<T> = (Attempted<T> & { held?: undefined }) | HeldCall;

export interface OnboardingActivities {
  sendWelcomeEmail(hire: NewHire, call?: StepCall): Promise<StepOutcome<WelcomeEmailResult>>;
  generateLearningPath(hire: NewHire, call?: StepCall): Promise<StepOutcome<LearningPathResult>>;
  setCrmStatus(
    args: { employeeId: string; status: 'onboarded' | 'cancelled'; compensation: boolean },
    call?: StepCall,
  ): Promise<StepOutcome<CrmUpdateResult>>;
  postSlackAnnouncement(hire: NewHire, call?: StepCall): Promise<StepOutcome<SlackResult>>;
  /** Compensations: run in a non-cancellable scope after a cancel. */
  sendCancellationEmail(hire: NewHire): Promise<Attempted<WelcomeEmailResult>>;
  postSlackCorrection(hire: NewHire): Promise<Attempted<SlackResult>>;
  /** Emails a task's owner their signed link to /act/<token> (or a reminder with it when the task is overdue). */
  sendTaskLink(args: TaskLinkArgs): Promise<Attempted<{ messageId: string }>>;
  /** Tells HR on Slack and by email that a step waits for a person (escalation or reminder). */
  notifyHr(args: HrNoticeArgs): Promise<Attempted<{ slackTs: string; messageId: string }>>;
  /** A new draft of a learning path from the previous one and the approver's feedback (the approval loop); held like the first draft. */
  reviseLearningPath(args: LearningPathRevision, call?: StepCall): Promise<StepOutcome<LearningPathResult>>;
  /** Tells the hire their start date moved (only if the welcome email went out). */
  sendStartDateChangedEmail(args: { hire: NewHire; previousStartDate: string; occasion: string }): Promise<Attempted<WelcomeEmailResult>>;
}

export interface LearningPathRevision {
  hire: NewHire;
  /** The draft the approver saw. */
  modules: LearningPathResult['modules'];
  feedback: string;
  /** The draft this revision will be (2, 3, ...): part of its idempotency key. */
  round: number;
}

/** The assistant's activities (temporal/activities/diagnosis.ts). */
export interface AssistantActivities {
  /** The diagnosis of a failed step; never fails for the assistant's own trouble (then "no safe fix"). */
  diagnoseFailure(facts: FailureFacts): Promise<Diagnosis>;
}

export interface TaskLinkArgs {
  hireName: string;
  step: Pick<PlannedStep, 'key' | 'label' | 'description'>;
  ownerAddress: string;
  dueAt?: string | undefined;
  nonce: string;
  linkTtlMs: number;
  /** `link` when the task opens, `reminder` when it is overdue: each its own idempotency key. */
  occasion: string;
  reminder: boolean;
  /** For an approval: the draft to review (its number and module titles) instead of a task to mark done. */
  approval?: { round: number; titles: string[] };
}

export interface HrNoticeArgs {
  hireName: string;
  employeeId: string;
  stepKey: string;
  stepLabel: string;
  reason: string;
  kind: 'escalated' | 'reminder';
  /** 0 for the escalation, then 1.. for reminders. */
  count: number;
  /** Unique per occasion within the step (for example `failed-r0`), part of the idempotency key. */
  occasion: string;
  hrEmail: string;
  hrSlackChannel: string;
  dashboardUrl: string;
}

/** Activity IDs: the step key, so describe().pendingActivities can be matched to steps. */
export function compensationActivityId(step: StepKey): string {
  return `${step}:compensation`;
}

/** Failure `type`s our activities use (set explicitly: class names are minified). */
export const FAILURE_TYPES = {
  transientHttp: 'TransientHttpError',
  permanentHttp: 'PermanentHttpError',
  network: 'NetworkError',
  timeout: 'ServiceTimeout',
  invalidLlmOutput: 'InvalidLlmOutput',
  rejectedInput: 'RejectedInput',
  slackChannelNotFound: 'SlackChannelNotFound',
  config: 'ConfigurationError',
  invalidResponse: 'InvalidServiceResponse',
  /** The service refused our credentials (HTTP 401/403, Slack `invalid_auth`, SMTP 535): an operator must fix configuration. */
  authFailed: 'ServiceAuthFailed',
  /** The mail server refused the recipient address (SMTP 5xx to RCPT TO). */
  recipientRejected: 'RecipientRejected',
  /** A non-HTTP service (SMTP) said "try again later" (4xx reply). */
  transientService: 'TransientServiceError',
  /** A non-HTTP service (SMTP) refused for good (5xx reply other than the recipient). */
  permanentService: 'PermanentServiceError',
  /** The workflow handed an activity something it cannot use (a bug between the two, not the hire's data). */
  invalidActivityInput: 'InvalidActivityInput',
} as const;

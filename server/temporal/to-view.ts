import 'server-only';
import {
  FINISHED_STATUSES,
  impliedCompletedSteps,
  initialStepState,
  onboardingMemoSchema,
  onboardingStatusSchema,
  STEP_KEYS,
  stepKeySchema,
  type NewHire,
  type OnboardingState,
  type OnboardingStatus,
  type StepFailure,
  type StepState,
} from '@/temporal/shared/contract';
import { DEFAULT_PLAN_ID } from '@/temporal/shared/plan-rules';
import type { Detail, StepView, Summary } from '@/contract/http';
import { z } from 'zod';

/**
 * Pure mapping from what Temporal reports (execution status, memo, search attributes, the `progress`
 * query, pending activities) to our API views. Only the fields we read are typed, structurally, so the
 * raw protos and test fixtures both fit.
 */

interface LongLike {
  toNumber(): number;
}
export interface TimestampLike {
  seconds?: LongLike | number | string | null;
  nanos?: number | null;
}

export function timestampToIso(ts: TimestampLike | null | undefined): string | null {
  if (!ts || ts.seconds === null || ts.seconds === undefined) return null;
  const seconds = typeof ts.seconds === 'object' ? ts.seconds.toNumber() : Number(ts.seconds);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

export interface FailureLike {
  message?: string | null;
  applicationFailureInfo?: { type?: string | null; nonRetryable?: boolean | null } | null;
  timeoutFailureInfo?: unknown;
  canceledFailureInfo?: unknown;
}

/** Proto enum PendingActivityState; only SCHEDULED matters here (queued or backing off, not running). */
export const PENDING_ACTIVITY_SCHEDULED = 1;
/** Proto enum PendingWorkflowTaskState.SCHEDULED: no worker has picked the task up yet. */
export const PENDING_WORKFLOW_TASK_SCHEDULED = 1;

export interface PendingActivityLike {
  activityId?: string | null;
  state?: number | null;
  attempt?: number | null;
  maximumAttempts?: number | null;
  lastFailure?: FailureLike | null;
  scheduledTime?: TimestampLike | null;
  lastStartedTime?: TimestampLike | null;
  nextAttemptScheduleTime?: TimestampLike | null;
}

export interface PendingWorkflowTaskLike {
  state?: number | null;
  scheduledTime?: TimestampLike | null;
  originalScheduledTime?: TimestampLike | null;
}

export function failureFromProto(failure: FailureLike): StepFailure {
  const type =
    failure.applicationFailureInfo?.type ||
    (failure.timeoutFailureInfo ? 'Timeout' : failure.canceledFailureInfo ? 'Cancelled' : 'Failure');
  return {
    message: failure.message || 'The step failed without a message',
    type,
    nonRetryable: failure.applicationFailureInfo?.nonRetryable === true,
  };
}

/** Execution status names as the SDK decodes them (`WorkflowExecutionStatusName`). */
export type ExecutionStatusName = string;

/**
 * While the execution runs the workflow's own status (search attribute or query) is the truth; once it
 * is closed the execution status decides, because a terminated or timed-out run never updated its own.
 */
export function onboardingStatusFor(executionStatus: ExecutionStatusName, workflowStatus: string | undefined): OnboardingStatus {
  const own = onboardingStatusSchema.safeParse(workflowStatus);
  switch (executionStatus) {
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
    case 'PAUSED':
      return own.success ? own.data : 'running';
    case 'COMPLETED':
      return own.success && (own.data === 'cancelled' || own.data === 'cancelling') ? 'cancelled' : 'completed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'failed';
  }
}

export function isLiveExecution(executionStatus: ExecutionStatusName): boolean {
  return executionStatus === 'RUNNING';
}

export interface ExecutionListing {
  workflowId: string;
  executionStatus: ExecutionStatusName;
  startTime: Date;
  closeTime?: Date | undefined;
  memo: unknown;
  statusAttribute?: string | undefined;
  stepAttribute?: string | undefined;
  /** OnboardingAttentionSince and OnboardingStartDate (runs from before plans have neither). */
  attentionSince?: Date | undefined;
  startsAt?: Date | undefined;
  /** When the list is read: "starts within 3 days" is counted from it. */
  now?: Date;
}

const STARTS_SOON_MS = 3 * 86_400_000;
const RISK_ORDER: Record<NonNullable<Summary['risk']>['reason'], number> = { needs_person: 0, approval_waiting: 1, overdue_task: 2, starts_soon: 3 };

/** The memo's `attentionReason` alone: a row whose memo is not ours otherwise still lists. */
const attentionMemoSchema = z.object({ attentionReason: z.string().optional() });

/**
 * Why a live onboarding needs a look, if it does (the at-risk view): a step waits for a person's decision,
 * an approval waits past ESCALATE_AFTER (the memo says so), a task is overdue, or it starts within 3 days
 * with steps not done; `since` is when that began.
 */
export function riskOf(listing: ExecutionListing, status: OnboardingStatus): Summary['risk'] {
  if (!isLiveExecution(listing.executionStatus)) return null;
  const attention = listing.attentionSince?.toISOString();
  if (status === 'needs_attention') return { reason: 'needs_person', since: attention ?? listing.startTime.toISOString() };
  if (attention) {
    const approval = attentionMemoSchema.safeParse(listing.memo).data?.attentionReason === 'approval';
    return { reason: approval ? 'approval_waiting' : 'overdue_task', since: attention };
  }
  const now = listing.now ?? new Date();
  if (listing.startsAt && listing.startsAt.getTime() - now.getTime() <= STARTS_SOON_MS) {
    return { reason: 'starts_soon', since: listing.startsAt.toISOString() };
  }
  return null;
}

/** Most urgent first: a person needed, then approvals waiting, overdue tasks, starts soon; within each, the oldest first. */
export function byUrgency(a: Summary, b: Summary): number {
  if (!a.risk || !b.risk) return a.risk ? -1 : b.risk ? 1 : 0;
  return RISK_ORDER[a.risk.reason] - RISK_ORDER[b.risk.reason] || a.risk.since.localeCompare(b.risk.since);
}

export function toSummary(listing: ExecutionListing): Summary {
  const memo = onboardingMemoSchema.safeParse(listing.memo);
  const employeeId = listing.workflowId.replace(/^onboarding-/, '');
  const live = isLiveExecution(listing.executionStatus);
  const step = stepKeySchema.safeParse(listing.stepAttribute);
  return {
    id: listing.workflowId,
    employeeId: memo.success ? memo.data.employeeId : employeeId,
    // A run without our memo (started by hand with the CLI) still lists, under its ID.
    fullName: memo.success ? memo.data.fullName : employeeId,
    role: memo.success ? memo.data.role : '',
    department: memo.success ? (memo.data.department ?? null) : null,
    startDate: memo.success ? memo.data.startDate : '',
    status: onboardingStatusFor(listing.executionStatus, listing.statusAttribute),
    currentStep: live && step.success ? step.data : null,
    completedSteps:
      (memo.success ? memo.data.completedSteps : undefined) ??
      impliedCompletedSteps(onboardingStatusFor(listing.executionStatus, listing.statusAttribute), listing.stepAttribute),
    totalSteps: (memo.success ? memo.data.totalSteps : undefined) ?? STEP_KEYS.length,
    startedAt: listing.startTime.toISOString(),
    closedAt: listing.closeTime ? listing.closeTime.toISOString() : null,
    risk: riskOf(listing, onboardingStatusFor(listing.executionStatus, listing.statusAttribute)),
  };
}

const IN_FLIGHT: ReadonlySet<StepState['status']> = new Set(['running', 'retrying']);
/** A task in these statuses is not done yet, so it can be late. */
const OPEN_TASK: ReadonlySet<StepState['status']> = new Set(['pending', 'scheduled', 'waiting_for_person']);

/**
 * A step as the API shows it. While it runs, attempt / last failure / next retry come from the pending
 * activity (the workflow only learns of an attempt when the activity finishes); afterwards from the state.
 */
export function toStepView(step: StepState, pending: PendingActivityLike | undefined, now: Date = new Date()): StepView {
  const kind = step.kind ?? 'service';
  const dueAt = step.dueAt ?? null;
  const view: StepView = {
    key: step.key,
    label: step.label,
    status: step.status,
    attempt: step.attempt,
    maxAttempts: step.maxAttempts,
    lastFailure: step.lastFailure,
    nextRetryAt: null,
    startedAt: step.startedAt,
    completedAt: step.completedAt,
    result: step.result,
    kind,
    scheduledFor: step.status === 'scheduled' ? (step.at ?? null) : null,
    owner: step.owner ?? null,
    dueAt,
    // Late as soon as its due time passes, even before the workflow's timer has fired.
    overdue:
      kind === 'task' &&
      OPEN_TASK.has(step.status) &&
      (step.overdueSince != null || (dueAt !== null && Date.parse(dueAt) < now.getTime())),
    completedBy: step.completedBy ?? null,
    note: step.note ?? null,
    blocking: step.blocking === true,
    description: step.description ?? null,
    compensationFailure: step.compensationFailure ?? null,
    // Shown while the step needs a person; a step that ran again has none.
    diagnosis: step.diagnosis ?? null,
    approval: step.approval ?? null,
    waitingReason: step.status === 'waiting' ? (step.waitingReason ?? null) : null,
  };
  if (!pending || !IN_FLIGHT.has(step.status)) return view;
  const attempt = Math.max(pending.attempt ?? 1, 1);
  // A first attempt has no failure of its own yet: a failure kept in the state belongs to an earlier round.
  const lastFailure = pending.lastFailure ? failureFromProto(pending.lastFailure) : attempt > 1 ? step.lastFailure : null;
  const waiting = pending.state === PENDING_ACTIVITY_SCHEDULED;
  const retrying = waiting && (attempt > 1 || lastFailure !== null);
  return {
    ...view,
    status: retrying ? 'retrying' : 'running',
    attempt,
    maxAttempts: pending.maximumAttempts && pending.maximumAttempts > 0 ? pending.maximumAttempts : step.maxAttempts,
    lastFailure,
    nextRetryAt: retrying ? timestampToIso(pending.nextAttemptScheduleTime) : null,
  };
}

/** How long queued work may wait for a worker before the page says no worker is picking it up. */
export const WORKER_WAIT_THRESHOLD_MS = 15_000;

export function isWaitingForWorker(args: {
  live: boolean;
  queryAnswered: boolean;
  pendingActivities: readonly PendingActivityLike[];
  pendingWorkflowTask: PendingWorkflowTaskLike | null | undefined;
  now: Date;
}): boolean {
  if (!args.live) return false;
  // A query on a live workflow is answered by a worker; no answer means none is polling.
  if (!args.queryAnswered) return true;
  const waitedTooLong = (ts: TimestampLike | null | undefined) => {
    const iso = timestampToIso(ts);
    return iso !== null && args.now.getTime() - Date.parse(iso) > WORKER_WAIT_THRESHOLD_MS;
  };
  const task = args.pendingWorkflowTask;
  if (task && task.state === PENDING_WORKFLOW_TASK_SCHEDULED && waitedTooLong(task.originalScheduledTime ?? task.scheduledTime)) {
    return true;
  }
  return args.pendingActivities.some(
    (activity) =>
      activity.state === PENDING_ACTIVITY_SCHEDULED &&
      // Backing off before a retry is waiting for the clock, not for a worker.
      !timestampToIso(activity.nextAttemptScheduleTime) &&
      waitedTooLong(activity.scheduledTime),
  );
}

export function pendingActivityFor(pendingActivities: readonly PendingActivityLike[], key: string): PendingActivityLike | undefined {
  return pendingActivities.find((activity) => activity.activityId === key);
}

export interface DetailSources {
  id: string;
  runId: string;
  executionStatus: ExecutionStatusName;
  startTime: Date;
  closeTime?: Date | undefined;
  temporalUiUrl: string;
  waitingForWorker: boolean;
  pendingActivities: readonly PendingActivityLike[];
  earlierRuns?: Detail['earlierRuns'];
  /** The `progress` query's answer, or undefined when no worker answered. */
  state: OnboardingState | undefined;
  /** Used when there is no state: the hire from the start input, the status from the search attribute. */
  fallback: {
    hire: NewHire;
    statusAttribute?: string | undefined;
    stepAttribute?: string | undefined;
    plan?: { id: string; name: string } | undefined;
  };
}

export function toDetail(sources: DetailSources): Detail {
  const live = isLiveExecution(sources.executionStatus);
  const pending = live ? sources.pendingActivities : [];
  const { state } = sources;
  const steps: StepView[] = state
    ? state.steps.map((step) => closeStep(toStepView(step, pendingActivityFor(pending, step.key)), live))
    : STEP_KEYS.map((key) => toStepView(initialStepState(key, pendingActivityFor(pending, key) ? 'running' : 'pending'), pendingActivityFor(pending, key)));
  const plan = state?.plan ?? sources.fallback.plan ?? { id: DEFAULT_PLAN_ID, name: 'Standard' };
  const status = onboardingStatusFor(sources.executionStatus, state?.status ?? sources.fallback.statusAttribute);
  const currentStep = live ? (state ? state.currentStep : (stepKeySchema.safeParse(sources.fallback.stepAttribute).data ?? null)) : null;
  return {
    id: sources.id,
    runId: sources.runId,
    status,
    input: state?.input ?? sources.fallback.hire,
    currentStep,
    plan,
    steps,
    events: state?.events ?? [],
    startedAt: state?.startedAt ?? sources.startTime.toISOString(),
    closedAt: state?.closedAt ?? (sources.closeTime ? sources.closeTime.toISOString() : null),
    temporalUiUrl: sources.temporalUiUrl,
    waitingForWorker: FINISHED_STATUSES.includes(status) ? false : sources.waitingForWorker,
    earlierRuns: sources.earlierRuns ?? [],
  };
}

/** In a closed execution nothing runs any more (for example after a termination): say so. */
function closeStep(step: StepView, live: boolean): StepView {
  return !live && IN_FLIGHT.has(step.status) ? { ...step, status: 'cancelled', nextRetryAt: null } : step;
}


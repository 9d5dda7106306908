/**
 * The onboarding's messages: the `progress` query, the `retry` and `skip` decisions (updates whose
 * validators reject with a typed failure), the plan's `runNow`, `reschedule` and `completeTask` updates,
 * and the `cancelRequested` and `attemptFailed` signals. Decisions are handed to the main function
 * through the returned `Decisions`; changes of time through the returned `Timing`.
 */
import { CancellationScope, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { EDITABLE_FIELD, STEP_LABELS, type StepKey } from '../shared/constants';
import {
  attemptFailedSignal,
  cancelRequestedSignal,
  completeTaskUpdate,
  decideApprovalUpdate,
  progressQuery,
  rescheduleUpdate,
  retryUpdate,
  runNowUpdate,
  skipUpdate,
  UPDATE_REJECTION_TYPES,
  type OnboardingActivities,
  type ApprovalDecisionArgs,
  type CompleteTaskArgs,
  type RescheduleArgs,
} from '../shared/workflow-contract';
import type { OnboardingInput, RetryPatch, RetryRequest, SkipRequest, StepState } from '../shared/schemas';
import { describeFailure } from './failures';
import { rejectUpdate } from './failures';
import type { Progress } from './progress';
import type { Visibility } from './visibility';

const {
  notRetryable: NOT_RETRYABLE,
  notSkippable: NOT_SKIPPABLE,
  notScheduled: NOT_SCHEDULED,
  notOpen: NOT_OPEN,
  alreadyClosed: ALREADY_CLOSED,
  linkUsed: LINK_USED,
} = UPDATE_REJECTION_TYPES;

/** What the plan's timers watch: a step told to run now, and a counter that moves with every reschedule. */
export interface Timing {
  runNow: Set<string>;
  version: number;
}

/** Statuses of a step that is done with: a reschedule leaves it alone. */
const DONE: ReadonlySet<StepState['status']> = new Set(['completed', 'skipped', 'cancelled', 'compensated', 'compensation_failed']);

/** What a person decided about the step that gave up. */
export type Decision = { kind: 'retry'; corrected: boolean } | { kind: 'skip' };

/** A decision on a learning path under approval, waiting to be taken by the approval loop (assistant.ts). */
export interface ApprovalDecision {
  decision: 'approve' | 'request_changes';
  feedback?: string;
  actor?: string;
  /** Sent through the approver's link (else by HR from the dashboard). */
  byLink: boolean;
}

/** Where the `decideApproval` update leaves a decision for the step's approval loop. */
export type ApprovalInbox = Map<string, ApprovalDecision>;

/** The longest feedback kept (the API allows 2,000 characters; older clients are cut here). */
const MAX_FEEDBACK = 2_000;

export interface Decisions {
  /** Waits until a person decides about the failed step (the onboarding shows `needs_attention` meanwhile). */
  next(): Promise<Decision>;
  /** True once a decision is waiting to be taken by next(). */
  ready(): boolean;
}

/** Installs every handler; call once, synchronously, at the start of the workflow (root scope). */
export function handleMessages(
  progress: Progress,
  visibility: Visibility,
  input: OnboardingInput,
): { decisions: Decisions; timing: Timing; approvals: ApprovalInbox } {
  const { state, hire, record } = progress;
  let pending: Decision | undefined;
  const timing: Timing = { runNow: new Set(), version: 0 };
  const approvals: ApprovalInbox = new Map();
  const findStep = (key: string) => state.steps.find((s) => s.key === key);
  /** Validators accept a decision only while a step waits for one. */
  const waitingStep = () => (state.status === 'needs_attention' ? progress.failedStep() : undefined);

  setHandler(progressQuery, () => state);

  setHandler(
    retryUpdate,
    ({ patch = {}, actor }) => {
      const step = progress.failedStep();
      if (!step) throw new Error('unreachable: validator guarantees a failed step');
      const corrections = definedFields(patch);
      Object.assign(hire, corrections);
      const changed = Object.keys(corrections);
      pending = { kind: 'retry', corrected: changed.length > 0 };
      record(
        'retry.requested',
        changed.length > 0 ? `Retry requested with a corrected ${changed.join(', ')}` : 'Retry requested',
        { step: step.key, actor },
      );
      step.status = 'pending';
      visibility.setStatus('running');
      return { accepted: true };
    },
    {
      validator: ({ step, patch = {} }: RetryRequest) => {
        const failed = waitingStep();
        if (!failed) rejectUpdate(NOT_RETRYABLE, 'Nothing is waiting for a retry in this onboarding.');
        if (step && step !== failed.key) {
          rejectUpdate(NOT_RETRYABLE, `Only the failed step (${failed.label}) can be retried, not ${STEP_LABELS[step]}.`);
        }
        for (const field of Object.keys(definedFields(patch))) {
          if (EDITABLE_FIELD[failed.key as StepKey] !== field) {
            rejectUpdate(NOT_RETRYABLE, `${field} cannot be changed when retrying ${failed.label}.`);
          }
        }
      },
    },
  );

  setHandler(
    skipUpdate,
    ({ step, actor }) => {
      pending = { kind: 'skip' };
      record('skip.requested', `Skip requested for ${progress.step(step).label}`, { step, actor });
      visibility.setStatus('running');
      return { accepted: true };
    },
    {
      validator: ({ step }: SkipRequest) => {
        const failed = waitingStep();
        if (!failed) rejectUpdate(NOT_SKIPPABLE, 'Nothing is waiting to be skipped in this onboarding.');
        if (step !== failed.key) rejectUpdate(NOT_SKIPPABLE, `Only the failed step (${failed.label}) can be skipped.`);
      },
    },
  );

  setHandler(
    runNowUpdate,
    ({ step, actor }) => {
      timing.runNow.add(step);
      record('run_now.requested', `Run now requested for ${progress.step(step).label}`, { step, actor });
      return { accepted: true };
    },
    {
      validator: ({ step }: { step: string }) => {
        const found = findStep(step);
        if (!found) rejectUpdate(NOT_SCHEDULED, `This onboarding has no step ${step}.`);
        if (found.status !== 'scheduled') rejectUpdate(NOT_SCHEDULED, `${found.label} is not waiting for its time.`);
      },
    },
  );

  setHandler(
    rescheduleUpdate,
    async ({ startDate, startsAt, times, actor }) => {
      const previous = hire.startDate;
      hire.startDate = startDate;
      for (const step of state.steps) {
        const moved = times[step.key];
        if (!moved || DONE.has(step.status) || step.status === 'running' || step.status === 'retrying') continue;
        if (moved.at !== undefined && step.status !== 'waiting_for_person') step.at = moved.at;
        if (moved.due !== undefined) {
          step.dueAt = moved.due;
          // Due again later: no longer overdue (its escalation stops), and the next overdue is a new occasion.
          if (step.overdueSince && Date.parse(moved.due) > Date.now()) {
            step.overdueSince = null;
            step.round += 1;
          }
        }
      }
      timing.version += 1;
      visibility.publishStartDate(startDate, startsAt);
      record('onboarding.rescheduled', `Start date moved from ${previous} to ${startDate}`, { actor });
      // The hire was told a date only if the welcome email went out.
      if (findStep('welcome-email')?.status === 'completed' && input.escalation) {
        const { sendStartDateChangedEmail } = proxyActivities<OnboardingActivities>({
          startToCloseTimeout: '30s',
          activityId: `welcome-email:start-date-r${timing.version}`,
          retry: { initialInterval: input.retry.initialInterval, maximumInterval: input.retry.maximumInterval, maximumAttempts: 5 },
        });
        try {
          await sendStartDateChangedEmail({ hire: { ...hire }, previousStartDate: previous, occasion: `start-date-r${timing.version}` });
          record('onboarding.rescheduled', `The hire was told about the new start date ${startDate}`, { step: 'welcome-email' });
        } catch (err) {
          record('onboarding.rescheduled', `Could not tell the hire about the new start date: ${describeFailure(err).message}`, {
            step: 'welcome-email',
          });
        }
      }
      return { accepted: true };
    },
    {
      validator: (_args: RescheduleArgs) => {
        if (state.status === 'cancelling' || state.status === 'cancelled' || state.status === 'completed') {
          rejectUpdate(ALREADY_CLOSED, 'This onboarding is already finished.');
        }
      },
    },
  );

  setHandler(
    completeTaskUpdate,
    ({ step: key, note, nonce, actor }) => {
      const step = progress.step(key);
      step.status = 'completed';
      step.completedAt = progress.now();
      step.completedBy = actor ?? null;
      step.note = note ?? null;
      step.attentionSince = null;
      if (nonce && step.link) step.link.used = true;
      record('task.completed', note ? `${step.label} marked done: ${note}` : `${step.label} marked done`, { step: key, actor });
      if (input.escalation) visibility.publishAttention();
      return { accepted: true };
    },
    {
      validator: ({ step: key, nonce }: CompleteTaskArgs) => {
        const step = findStep(key);
        if (!step || step.kind !== 'task') rejectUpdate(NOT_OPEN, `This onboarding has no task ${key}.`);
        if (nonce !== undefined) {
          if (!step.link || step.link.nonce !== nonce) rejectUpdate(LINK_USED, 'This link is no longer valid.');
          if (step.link.used || step.status === 'completed') rejectUpdate(LINK_USED, `This link was used: ${step.label} is already done.`);
        }
        if (step.status !== 'waiting_for_person') {
          rejectUpdate(NOT_OPEN, step.status === 'completed' ? `${step.label} is already done.` : `${step.label} is not open yet.`);
        }
      },
    },
  );

  setHandler(
    decideApprovalUpdate,
    ({ step: key, decision, feedback, nonce, actor }) => {
      const step = progress.step(key);
      const approval = step.approval;
      if (!approval) throw new Error('unreachable: validator guarantees an open approval');
      approval.open = false;
      if (nonce && step.link) step.link.used = true;
      const words = feedback?.trim().slice(0, MAX_FEEDBACK);
      approvals.set(key, { decision, byLink: nonce !== undefined, ...(words ? { feedback: words } : {}), ...(actor ? { actor } : {}) });
      if (decision === 'approve') {
        record('approval.approved', `Draft ${approval.round} of the learning path approved`, { step: key, actor });
      } else {
        record('approval.changes_requested', `Changes requested to draft ${approval.round}: “${words ?? ''}”`, { step: key, actor });
      }
      return { accepted: true };
    },
    {
      validator: ({ step: key, decision, feedback, nonce }: ApprovalDecisionArgs) => {
        const step = findStep(key);
        if (!step?.approval) rejectUpdate(NOT_OPEN, `This onboarding has no approval for ${key}.`);
        if (nonce !== undefined) {
          if (step.usedNonces?.includes(nonce)) rejectUpdate(LINK_USED, 'This link was used: a newer draft has been sent.');
          if (!step.link || step.link.nonce !== nonce) rejectUpdate(LINK_USED, 'This link is no longer valid.');
          if (step.link.used || step.status === 'completed') rejectUpdate(LINK_USED, `This link was used: ${step.label} has been decided.`);
        }
        if (!step.approval.open) {
          rejectUpdate(
            NOT_OPEN,
            step.status === 'completed' ? `${step.label} is already approved.` : `${step.label} is not waiting for a decision (a draft is being written).`,
          );
        }
        if (decision !== 'approve' && decision !== 'request_changes') rejectUpdate(NOT_OPEN, 'The decision is approve or request_changes.');
        if (decision === 'request_changes' && !feedback?.trim()) {
          rejectUpdate(NOT_OPEN, 'Say what to change in the feedback, for example “add security basics”.');
        }
      },
    },
  );

  setHandler(cancelRequestedSignal, ({ actor }) => {
    record('cancel.requested', 'Cancellation requested', { actor });
  });

  setHandler(attemptFailedSignal, ({ step, attempt, message }) => {
    const current = progress.step(step);
    // Late or duplicate reports (a step that already ended, an attempt we already know) change nothing.
    if ((current.status !== 'running' && current.status !== 'retrying') || attempt < current.attempt) return;
    if (attempt >= current.maxAttempts) return;
    current.status = 'retrying';
    current.attempt = attempt;
    record('step.retrying', `Attempt ${attempt} of ${current.maxAttempts} failed, retrying: ${message}`, { step });
  });

  // The root scope's cancelRequested rejects as soon as the cancel arrives, while the activity in flight is
  // still stopping: show `cancelling` right away.
  CancellationScope.current().cancelRequested.catch(() => {
    if (state.status !== 'cancelled') visibility.setStatus('cancelling');
  });

  return {
    timing,
    approvals,
    decisions: {
      async next() {
        await condition(() => pending !== undefined);
        const decision = pending as Decision;
        pending = undefined;
        return decision;
      },
      ready: () => pending !== undefined,
    },
  };
}

function definedFields(patch: RetryPatch): Partial<RetryPatch> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

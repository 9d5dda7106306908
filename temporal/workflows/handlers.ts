/**
 * The onboarding's messages: the `progress` query, the `retry` and `skip` decisions (updates whose
 * validators reject with a typed failure), and the `cancelRequested` and `attemptFailed` signals.
 * Decisions are handed to the main function through the returned `Decisions`.
 */
import { CancellationScope, condition, setHandler } from '@temporalio/workflow';
import { EDITABLE_FIELD, STEP_LABELS } from '../shared/constants';
import {
  attemptFailedSignal,
  cancelRequestedSignal,
  progressQuery,
  retryUpdate,
  skipUpdate,
  UPDATE_REJECTION_TYPES,
} from '../shared/workflow-contract';
import type { RetryPatch, RetryRequest, SkipRequest } from '../shared/schemas';
import { rejectUpdate } from './failures';
import type { Progress } from './progress';
import type { Visibility } from './visibility';

const { notRetryable: NOT_RETRYABLE, notSkippable: NOT_SKIPPABLE } = UPDATE_REJECTION_TYPES;

/** What a person decided about the step that gave up. */
export type Decision = { kind: 'retry'; corrected: boolean } | { kind: 'skip' };

export interface Decisions {
  /** Waits until a person decides about the failed step (the onboarding shows `needs_attention` meanwhile). */
  next(): Promise<Decision>;
}

/** Installs every handler; call once, synchronously, at the start of the workflow (root scope). */
export function handleMessages(progress: Progress, visibility: Visibility): Decisions {
  const { state, hire, record } = progress;
  let pending: Decision | undefined;
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
          if (EDITABLE_FIELD[failed.key] !== field) {
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
    async next() {
      await condition(() => pending !== undefined);
      const decision = pending as Decision;
      pending = undefined;
      return decision;
    },
  };
}

function definedFields(patch: RetryPatch): Partial<RetryPatch> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

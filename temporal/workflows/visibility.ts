/**
 * What the list page reads without a query: the `OnboardingStatus` and `OnboardingStep` search
 * attributes and, when the list could not work it out, `completedSteps` in the memo. Every upsert is a
 * history event and a visibility write, so only what changed is upserted.
 */
import { patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { impliedCompletedSteps, type OnboardingStatus } from '../shared/constants';
import { SA_ATTENTION_SINCE, SA_START_DATE, SA_STATUS, SA_STEP } from '../shared/workflow-contract';
import type { OnboardingState } from '../shared/schemas';

/**
 * Runs started from here on write fewer visibility updates: no upsert of what the start already set, and
 * `completedSteps` in the memo only when the list cannot work it out from the search attributes
 * (impliedCompletedSteps). Runs started before keep their old sequence of upserts when replayed.
 */
const LEAN_UPSERTS_PATCH = 'lean-visibility-upserts';

export interface Visibility {
  /** Upserts the status, current step and completed count if the list would show something new. */
  publish: () => void;
  setStatus: (status: OnboardingStatus) => void;
  /**
   * Runs from before the lean patch publish here too (at the start and after each completed step);
   * lean runs leave it to the next publish in the same workflow task.
   */
  publishUnlessLean: () => void;
  /**
   * Plan runs only: upserts `OnboardingAttentionSince` (the earliest time a step began to need a person,
   * or nothing) when it changed, for the list's "Needs action" view.
   */
  publishAttention: () => void;
  /** Plan runs only: a reschedule moves `OnboardingStartDate` and the memo's start date. */
  publishStartDate: (startDate: string, startsAt: string | undefined) => void;
}

/** Call first thing in the workflow: it decides (and records) whether this run is lean. */
export function trackVisibility(state: OnboardingState): Visibility {
  const lean = patched(LEAN_UPSERTS_PATCH);
  const startedWith = workflowInfo().typedSearchAttributes;
  let publishedStatus: string | undefined = lean ? startedWith.get(SA_STATUS) : undefined;
  let publishedStep: string | undefined = lean ? (startedWith.get(SA_STEP) ?? '') : undefined;
  /** What the memo says; undefined while it says nothing and the list works the count out itself. */
  const startMemo = workflowInfo().memo?.completedSteps;
  let memoCompleted: number | undefined = !lean ? 0 : typeof startMemo === 'number' ? startMemo : undefined;

  let publishedAttention: string | undefined;

  const publish = () => {
    const status = state.status;
    const step = state.currentStep ?? '';
    if (status !== publishedStatus || step !== publishedStep) {
      upsertSearchAttributes([
        { key: SA_STATUS, value: status },
        { key: SA_STEP, value: step === '' ? null : step },
      ]);
      publishedStatus = status;
      publishedStep = step;
    }
    const completed = state.steps.filter((s) => s.status === 'completed').length;
    if (completed !== (memoCompleted ?? impliedCompletedSteps(status, step))) {
      upsertMemo({ completedSteps: completed });
      memoCompleted = completed;
    }
  };
  return {
    publish,
    setStatus: (status) => {
      state.status = status;
      publish();
    },
    publishUnlessLean: () => {
      if (!lean) publish();
    },
    publishAttention: () => {
      const since = state.steps
        .map((step) => step.attentionSince)
        .filter((at): at is string => typeof at === 'string')
        .sort()[0];
      if (since === publishedAttention) return;
      upsertSearchAttributes([{ key: SA_ATTENTION_SINCE, value: since === undefined ? null : new Date(since) }]);
      publishedAttention = since;
    },
    publishStartDate: (startDate, startsAt) => {
      upsertMemo({ startDate });
      if (startsAt) upsertSearchAttributes([{ key: SA_START_DATE, value: new Date(startsAt) }]);
    },
  };
}

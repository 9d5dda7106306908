/**
 * What the list page reads without a query: the `OnboardingStatus` and `OnboardingStep` search
 * attributes and, when the list could not work it out, `completedSteps` in the memo. Every upsert is a
 * history event and a visibility write, so only what changed is upserted.
 */
import { upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Patches } from './patches';
import { impliedCompletedSteps, type OnboardingStatus } from '../shared/constants';
import { SA_ATTENTION_SINCE, SA_START_DATE, SA_STATUS, SA_STEP } from '../shared/workflow-contract';
import type { OnboardingState } from '../shared/schemas';

/*
 * Patches (patches.ts): with `leanUpserts`, runs write fewer visibility updates: no upsert of what the start
 * already set, and `completedSteps` in the memo only when the list cannot work it out from the search
 * attributes (impliedCompletedSteps); runs started before keep their old sequence of upserts when replayed.
 * With `attentionReason`, the memo says (`attentionReason: 'approval'`) when what needs a person first is
 * an approval waiting past ESCALATE_AFTER, so the "Needs action" view names it; asked only when that first
 * happens, so runs before it that never waited on an approval recorded nothing new.
 */

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
   * or nothing) when it changed, for the list's "Needs action" view, and the memo's `attentionReason`
   * when that step is an approval (patch `attentionReason`).
   */
  publishAttention: () => void;
  /** Plan runs only: a reschedule moves `OnboardingStartDate` and the memo's start date. */
  publishStartDate: (startDate: string, startsAt: string | undefined) => void;
}

/** Call first thing in the workflow: it decides (and records) whether this run is lean. */
export function trackVisibility(state: OnboardingState, patches: Patches): Visibility {
  const lean = patches.has('leanUpserts');
  const startedWith = workflowInfo().typedSearchAttributes;
  let publishedStatus: string | undefined = lean ? startedWith.get(SA_STATUS) : undefined;
  let publishedStep: string | undefined = lean ? (startedWith.get(SA_STEP) ?? '') : undefined;
  /** What the memo says; undefined while it says nothing and the list works the count out itself. */
  const startMemo = workflowInfo().memo?.completedSteps;
  let memoCompleted: number | undefined = !lean ? 0 : typeof startMemo === 'number' ? startMemo : undefined;

  let publishedAttention: string | undefined;
  let publishedReason: 'approval' | undefined;

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
      const first = state.steps
        .filter((step): step is typeof step & { attentionSince: string } => typeof step.attentionSince === 'string')
        .sort((a, b) => (a.attentionSince < b.attentionSince ? -1 : a.attentionSince > b.attentionSince ? 1 : 0))[0];
      const since = first?.attentionSince;
      if (since !== publishedAttention) {
        upsertSearchAttributes([{ key: SA_ATTENTION_SINCE, value: since === undefined ? null : new Date(since) }]);
        publishedAttention = since;
      }
      const reason = first?.approval?.open && first.status === 'waiting_for_person' ? 'approval' : undefined;
      if (reason !== publishedReason && patches.has('attentionReason')) {
        upsertMemo({ attentionReason: reason ?? null });
        publishedReason = reason;
      }
    },
    publishStartDate: (startDate, startsAt) => {
      upsertMemo({ startDate });
      if (startsAt) upsertSearchAttributes([{ key: SA_START_DATE, value: new Date(startsAt) }]);
    },
  };
}

/**
 * Applies one decision to many onboardings: a sliding window of BATCH_CONCURRENCY items at a time,
 * each item's outcome kept in the state the `batchProgress` query returns. Starts are child workflows
 * that outlive the batch (ParentClosePolicy.ABANDON); retry, skip and cancel are activities, since a
 * workflow cannot send an Update to another workflow.
 */
import {
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  BATCH_CONCURRENCY,
  batchProgressQuery,
  type BatchActivities,
  type BatchInput,
  type BatchItemResult,
  type BatchProgress,
  type PreparedStart,
} from '../shared/batch-contract';
import { SA_NAME_TOKENS, SA_START_DATE, SA_STATUS, SA_STEP, WORKFLOW_TYPE } from '../shared/workflow-contract';
import type { onboardingWorkflow } from './onboarding';

const { applyBatchDecision } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '30s',
  // Temporal briefly unreachable from the worker: try again, then call the item failed.
  retry: { initialInterval: '1s', maximumInterval: '10s', maximumAttempts: 5 },
});

export async function batchWorkflow(input: BatchInput): Promise<BatchProgress> {
  const now = () => new Date(Date.now()).toISOString();
  const work: { id: string; name?: string; run: () => Promise<BatchItemResult> }[] =
    input.action === 'start'
      ? (input.starts ?? []).map((start) => ({
          id: start.workflowId,
          name: start.memo.fullName,
          run: () => startOnboarding(start, input.taskQueue),
        }))
      : (input.ids ?? []).map((id) => ({
          id,
          run: () =>
            applyBatchDecision({ action: input.action as 'retry' | 'skip' | 'cancel', id, step: input.step, patch: input.patch, actor: input.actor }),
        }));

  const state: BatchProgress = {
    action: input.action,
    status: 'running',
    total: work.length,
    done: 0,
    failed: 0,
    items: work.map(({ id, name }) => ({ id, ...(name ? { name } : {}) })),
    startedAt: now(),
    closedAt: null,
    ...(input.actor ? { actor: input.actor } : {}),
  };
  setHandler(batchProgressQuery, () => state);

  let next = 0;
  const lane = async () => {
    while (next < work.length) {
      const index = next++;
      const item = work[index]!;
      let result: BatchItemResult;
      try {
        result = await item.run();
      } catch (err) {
        // The activity gave up after its retries: say so on the item and go on with the others.
        result = { outcome: 'failed', message: failureMessage(err) };
      }
      state.items[index] = { id: item.id, ...(item.name ? { name: item.name } : {}), ...result };
      state.done += 1;
      if (result.outcome === 'failed') state.failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, work.length) }, lane));

  state.status = 'completed';
  state.closedAt = now();
  return state;
}

async function startOnboarding(start: PreparedStart, taskQueue: string): Promise<BatchItemResult> {
  try {
    await startChild<typeof onboardingWorkflow>(WORKFLOW_TYPE, {
      workflowId: start.workflowId,
      taskQueue,
      args: [start.input],
      memo: { ...start.memo },
      // As a start from the form; batches from before plans carry neither the start instant nor the first step.
      typedSearchAttributes: [
        { key: SA_STATUS, value: 'running' },
        { key: SA_STEP, value: start.firstStep ?? 'welcome-email' },
        { key: SA_NAME_TOKENS, value: start.nameTokens },
        ...(start.startsAt ? [{ key: SA_START_DATE, value: new Date(start.startsAt) }] : []),
      ],
      // As a start from the form: one onboarding per employee, and it goes on when the batch ends.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return { outcome: 'done', message: 'Started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { outcome: 'not_applicable', message: 'An onboarding for this employee ID already exists' };
    }
    return { outcome: 'failed', message: failureMessage(err) };
  }
}

function failureMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

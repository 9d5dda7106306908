/**
 * The activity behind bulk retry, skip and cancel: the same Update or cancellation the dashboard sends
 * for one onboarding, sent by the worker's own Temporal client. A decision the onboarding refuses (it is
 * not waiting for one, or it is finished) is `not_applicable`, not an error: the batch goes on.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { BatchActivities, BatchItemResult } from '../shared/batch-contract';
import { cancelRequestedSignal, retryUpdate, skipUpdate, WORKFLOW_ID_PREFIX } from '../shared/workflow-contract';

const NOT_FOUND: BatchItemResult = { outcome: 'not_applicable', message: 'No onboarding with this ID' };

export function createBatchActivities(client: Client): BatchActivities {
  return {
    async applyBatchDecision({ action, id, step, patch, actor }) {
      if (!id.startsWith(WORKFLOW_ID_PREFIX)) return NOT_FOUND;
      const handle = client.workflow.getHandle(id);
      let name: string | undefined;
      try {
        const { status, memo } = await handle.describe();
        // The name for the batch's page (the memo is decrypted by the client's codec; it never reaches a log).
        name = typeof memo?.fullName === 'string' ? memo.fullName : undefined;
        const named = (result: BatchItemResult): BatchItemResult => (name ? { ...result, name } : result);
        if (action === 'cancel') {
          if (status.name !== 'RUNNING') return named({ outcome: 'not_applicable', message: 'This onboarding is already finished' });
          // The signal first, so the onboarding's events say who cancelled.
          await handle.signal(cancelRequestedSignal, { actor });
          await handle.cancel();
          return named({ outcome: 'done', message: 'Cancellation requested' });
        }
        if (action === 'skip') {
          if (!step) throw ApplicationFailure.nonRetryable('A bulk skip names the step to skip', 'InvalidBatch');
          await handle.executeUpdate(skipUpdate, { args: [{ step, actor }] });
          return named({ outcome: 'done', message: 'Skipped' });
        }
        await handle.executeUpdate(retryUpdate, { args: [{ ...(step ? { step } : {}), ...(patch ? { patch } : {}), actor }] });
        return named({ outcome: 'done', message: patch ? 'Retried with the correction' : 'Retried' });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          // The onboarding's validator said no (nothing failed, another step failed, it is finished...).
          return { outcome: 'not_applicable', message: err.cause?.message ?? err.message, ...(name ? { name } : {}) };
        }
        if (err instanceof WorkflowNotFoundError) {
          const closed = name === undefined ? undefined : await isClosed(client, id);
          return closed === undefined ? NOT_FOUND : { outcome: 'not_applicable', message: 'This onboarding is already finished', name };
        }
        throw err;
      }
    },
  };
}

/** True or false for an onboarding that exists, undefined for one that does not. */
async function isClosed(client: Client, id: string): Promise<boolean | undefined> {
  try {
    return (await client.workflow.getHandle(id).describe()).status.name !== 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

import 'server-only';
/**
 * Bulk decisions from the web side: resolve what the request names (IDs, the list's current filter, or
 * new hires) into a `batchWorkflow` input, start it (once per Idempotency-Key), and read its progress.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import type { BatchRequest, BatchView } from '@/contract/batches';
import { getConfig } from '@/common/config';
import { ApiError } from '@/server/api/errors';
import type { batchWorkflow } from '@/temporal/workflows';
import {
  BATCH_ID_PREFIX,
  BATCH_WORKFLOW_TYPE,
  batchProgressQuery,
  MAX_BATCH_ITEMS,
  type BatchInput,
  type BatchProgress,
} from '@/temporal/shared/batch-contract';
import { WORKFLOW_TYPE } from '@/temporal/shared/workflow-contract';
import { quote } from './list-query';
import { CALL_DEADLINE_MS, completedResult, getTemporalClient, listOnboardings, prepareStart, withDeadline } from './client';

/**
 * The same key from the same caller names the same batch, so a resubmitted request (a double click, a
 * retried POST) returns the batch it started instead of starting a second one.
 */
export function batchIdFor(idempotencyKey: string | null, actor: string | undefined): string {
  if (!idempotencyKey) return `${BATCH_ID_PREFIX}${randomUUID()}`;
  const digest = createHash('sha256').update(`${actor ?? ''}\n${idempotencyKey}`).digest('hex');
  // Shaped like a UUID so every batch ID looks alike.
  return `${BATCH_ID_PREFIX}${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}

/** Every onboarding the list shows for this filter, up to the batch limit (more is refused, not cut). */
async function idsMatching(filter: NonNullable<BatchRequest['filter']>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOnboardings({ status: filter.status, q: filter.q, pageSize: 100, cursor });
    ids.push(...page.items.map((item) => item.id));
    if (ids.length > MAX_BATCH_ITEMS) {
      throw new ApiError('invalid_input', `More than ${MAX_BATCH_ITEMS} onboardings match; narrow the filter.`, {
        fields: { filter: [`At most ${MAX_BATCH_ITEMS} onboardings in one batch`] },
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

export async function startBatch(request: BatchRequest, actor: string | undefined, idempotencyKey: string | null): Promise<{ id: string }> {
  const config = getConfig();
  const input: BatchInput = {
    action: request.action,
    ...(actor ? { actor } : {}),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
  };
  if (request.action === 'start') {
    input.starts = (request.hires ?? []).map((hire) => {
      const { startsAt, ...prepared } = prepareStart(hire, actor);
      return { ...prepared, startsAt: startsAt.toISOString() };
    });
  } else {
    // Each ID at most once, in the order given.
    input.ids = [...new Set(request.ids ?? (request.filter ? await idsMatching(request.filter) : []))];
    if (request.step) input.step = request.step;
    if (request.patch) input.patch = request.patch;
  }
  const id = batchIdFor(idempotencyKey, actor);
  try {
    await withDeadline(CALL_DEADLINE_MS, () =>
      getTemporalClient().workflow.start<typeof batchWorkflow>(BATCH_WORKFLOW_TYPE, {
        workflowId: id,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      }),
    );
  } catch (error) {
    // Started before with this key: that is the batch.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { id };
}

const BATCH_ID = new RegExp(`^${BATCH_ID_PREFIX}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);

export function parseBatchId(raw: string): string {
  if (!BATCH_ID.test(raw)) throw new ApiError('not_found', 'No batch with this ID.');
  return raw;
}

export async function getBatch(id: string): Promise<BatchView> {
  const client = getTemporalClient();
  const handle = client.workflow.getHandle(id);
  const description = await withDeadline(CALL_DEADLINE_MS, () => handle.describe()).catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) throw new ApiError('not_found', 'No batch with this ID.');
    throw error;
  });
  if (description.type !== BATCH_WORKFLOW_TYPE) throw new ApiError('not_found', 'No batch with this ID.');
  const progress =
    description.status.name === 'COMPLETED'
      ? ((await completedResult(id, description.runId)) as BatchProgress)
      : await withDeadline(CALL_DEADLINE_MS, () => handle.query(batchProgressQuery));
  return toBatchView(id, progress);
}

export function toBatchView(id: string, progress: BatchProgress): BatchView {
  const finished = progress.items.filter((item): item is typeof item & { outcome: NonNullable<typeof item.outcome> } => item.outcome !== undefined);
  return {
    id,
    action: progress.action,
    status: progress.status,
    total: progress.total,
    done: progress.done,
    failed: progress.failed,
    items: finished.map(({ id: itemId, name, outcome, message }) => ({
      id: itemId,
      ...(name ? { name } : {}),
      outcome,
      ...(message ? { message } : {}),
    })),
    pending: progress.total - finished.length,
    ...(progress.actor ? { actor: progress.actor } : {}),
    startedAt: progress.startedAt,
    closedAt: progress.closedAt,
  };
}

/** Which of these onboarding IDs exist already (any status), for the CSV preview's duplicates. */
export async function existingOnboardingIds(ids: string[]): Promise<Set<string>> {
  const client = getTemporalClient();
  const namespace = getConfig().TEMPORAL_NAMESPACE;
  const found = new Set<string>();
  // One visibility query per 100 IDs keeps each query string small.
  for (let start = 0; start < ids.length; start += 100) {
    const chunk = ids.slice(start, start + 100);
    const query = `WorkflowType = ${quote(WORKFLOW_TYPE)} AND WorkflowId IN (${chunk.map(quote).join(', ')})`;
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await withDeadline(CALL_DEADLINE_MS, () =>
        client.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 100, nextPageToken }),
      );
      for (const execution of page.executions) {
        if (execution.execution?.workflowId) found.add(execution.execution.workflowId);
      }
      nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (nextPageToken);
  }
  return found;
}

import 'server-only';
/**
 * Erasure on request: a finished onboarding's Temporal execution (history, memo, visibility record)
 * and its deliveries in the sandbox are deleted, and an audit line records who did it.
 */
import type { EraseResponse } from '@/contract/http';
import { ApiError } from '@/server/api/errors';
import { getConfig } from '@/server/env';
import { getSandboxStore } from '@/server/sandbox';
import { getTemporalClient } from '@/server/temporal/client';
import { appendAudit } from './audit';

export async function eraseOnboarding(id: string, actor: string | undefined): Promise<EraseResponse> {
  const config = getConfig();
  const client = getTemporalClient();
  // Not found -> WorkflowNotFoundError -> 404 through the route wrapper.
  const description = await client.workflow.getHandle(id).describe();
  if (description.status.name === 'RUNNING') {
    throw new ApiError('not_finished', 'This onboarding is still running. Cancel it, then erase its data once it has finished.');
  }
  await client.workflowService.deleteWorkflowExecution({
    namespace: config.TEMPORAL_NAMESPACE,
    workflowExecution: { workflowId: id, runId: description.runId },
  });
  const sandboxDeliveries = config.sandboxEnabled ? getSandboxStore().eraseOnboarding(id) : 0;
  appendAudit(config.DATA_DIR, { at: new Date().toISOString(), action: 'onboarding.erased', onboarding: id, actor: actor ?? null, sandboxDeliveries });
  return { id, erased: true };
}

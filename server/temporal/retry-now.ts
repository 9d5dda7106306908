import 'server-only';
/**
 * "Retry now": a step waiting for its next automatic attempt gets it at once. Temporal has no "skip the
 * backoff" call in server 1.29; pausing the activity and unpausing it without resetting its attempts
 * schedules the next attempt immediately and keeps the count, so HR sees "Attempt 3 of 5", not 1 again.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { getConfig } from '@/common/config';
import { ApiError } from '@/server/api/errors';
import type { StepKey } from '@/temporal/shared/schemas';
import { STEP_LABELS } from '@/temporal/shared/constants';
import { CALL_DEADLINE_MS, getTemporalClient, withDeadline } from './client';
import { isLiveExecution, PENDING_ACTIVITY_SCHEDULED } from './to-view';

const IDENTITY = 'onboarding-dashboard';

export function retryStepNow(id: string, step: StepKey, actor: string | undefined): Promise<{ accepted: true }> {
  return bringNextAttemptForward(getTemporalClient(), getConfig().TEMPORAL_NAMESPACE, id, step, actor);
}

/** The same for any client (the workflow tests hand in their test server's). */
export async function bringNextAttemptForward(
  client: Client,
  namespace: string,
  id: string,
  step: StepKey,
  actor: string | undefined,
): Promise<{ accepted: true }> {
  const description = await withDeadline(CALL_DEADLINE_MS, () => client.workflow.getHandle(id).describe());
  const notRetrying = (why: string) => new ApiError('not_retrying', `${STEP_LABELS[step]} ${why}; there is no attempt to bring forward.`);
  if (!isLiveExecution(description.status.name)) throw notRetrying('belongs to a finished onboarding');
  const pending = (description.raw.pendingActivities ?? []).find((activity) => activity.activityId === step);
  const waitingForRetry =
    pending !== undefined && Number(pending.state) === PENDING_ACTIVITY_SCHEDULED && (pending.attempt ?? 1) > 1 && pending.nextAttemptScheduleTime;
  if (!waitingForRetry) throw notRetrying('is not waiting for a retry');
  const execution = { workflowId: id, runId: description.runId };
  const who = actor ? ` by ${actor}` : '';
  await withDeadline(CALL_DEADLINE_MS, () =>
    client.workflowService.pauseActivity({ namespace, execution, identity: IDENTITY, id: step, reason: `Retry now${who}`, requestId: randomUUID() }),
  );
  await withDeadline(CALL_DEADLINE_MS, () =>
    client.workflowService.unpauseActivity({ namespace, execution, identity: IDENTITY, id: step, resetAttempts: false, resetHeartbeat: false }),
  );
  return { accepted: true };
}

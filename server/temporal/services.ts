import 'server-only';
/**
 * The services' breakers as the web side sees them: their state (one query per service, closed when
 * a breaker was never started) and a person's pause and resume (Updates, starting the breaker workflow
 * when it does not exist yet). The breaker itself is temporal/workflows/breaker.ts.
 */
import {
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { breakerSettings, getConfig } from '@/common/config';
import { ApiError } from '@/server/api/errors';
import {
  BREAKER_REJECTION_TYPES,
  BREAKER_WORKFLOW_TYPE,
  breakerStateQuery,
  breakerWorkflowId,
  isServiceName,
  pauseServiceUpdate,
  resumeServiceUpdate,
  SERVICE_LABELS,
  SERVICES,
  type BreakerSettings,
  type BreakerView,
  type ServiceName,
} from '@/temporal/shared/breaker';
import type { serviceBreakerWorkflow } from '@/temporal/workflows/breaker';
import { CALL_DEADLINE_MS, getTemporalClient, withDeadline } from './client';
import { sharedAnswer } from './shared-answer';

/** Where the breakers run and how they count: the worker's task queue and BREAKER_*. */
export interface BreakerTarget {
  client: Client;
  taskQueue: string;
  settings: BreakerSettings;
}

function configuredTarget(): BreakerTarget {
  const config = getConfig();
  return { client: getTemporalClient(), taskQueue: config.TEMPORAL_TASK_QUEUE, settings: breakerSettings(config) };
}

const closedView = (service: ServiceName): BreakerView => ({ service, state: 'closed', since: null, reason: null, failureStreak: 0 });

/**
 * Every open page's banner asks every few seconds, and each answer is four queries a worker must serve:
 * one round per second is shared by all of them; a pause or resume here is seen at once.
 */
const SERVICES_TTL_MS = 1_000;
const services = sharedAnswer('services', SERVICES_TTL_MS, () => listBreakers(getTemporalClient()));

export function listServices(): Promise<BreakerView[]> {
  return services.get();
}

/** Every service's breaker, in a fixed order (email, llm, crm, slack). */
export async function listBreakers(client: Client): Promise<BreakerView[]> {
  return Promise.all(
    SERVICES.map(async (service) => {
      try {
        return await withDeadline(CALL_DEADLINE_MS, () => client.workflow.getHandle(breakerWorkflowId(service)).query(breakerStateQuery));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return closedView(service);
        throw error;
      }
    }),
  );
}

export async function pauseService(service: ServiceName, reason: string, actor?: string): Promise<BreakerView> {
  try {
    return await pauseBreaker(configuredTarget(), service, reason, actor);
  } finally {
    services.forget();
  }
}

export async function resumeService(service: ServiceName, actor?: string): Promise<BreakerView> {
  try {
    return await resumeBreaker(configuredTarget(), service, actor);
  } finally {
    services.forget();
  }
}

/** Pauses the service's breaker, starting it if this is its first word. */
export async function pauseBreaker({ client, taskQueue, settings }: BreakerTarget, service: ServiceName, reason: string, actor?: string): Promise<BreakerView> {
  const start = new WithStartWorkflowOperation<typeof serviceBreakerWorkflow>(BREAKER_WORKFLOW_TYPE, {
    workflowId: breakerWorkflowId(service),
    taskQueue,
    args: [{ service, settings }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return breakerUpdate(() =>
    client.workflow.executeUpdateWithStart(pauseServiceUpdate, { args: [{ reason, ...(actor ? { actor } : {}) }], startWorkflowOperation: start }),
  );
}

/** Resumes a paused (or open) service; a breaker that never started has nothing to resume. */
export async function resumeBreaker({ client }: BreakerTarget, service: ServiceName, actor?: string): Promise<BreakerView> {
  try {
    return await breakerUpdate(() =>
      client.workflow.getHandle(breakerWorkflowId(service)).executeUpdate(resumeServiceUpdate, { args: [actor ? { actor } : {}] }),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new ApiError('not_paused', `${SERVICE_LABELS[service]} is not paused or open: nothing to resume.`);
    }
    throw error;
  }
}

async function breakerUpdate(run: () => Promise<BreakerView>): Promise<BreakerView> {
  try {
    return await withDeadline(UPDATE_DEADLINE_MS, run);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const type = (error.cause as { type?: string } | undefined)?.type;
      const message = error.cause?.message ?? error.message;
      if (type === BREAKER_REJECTION_TYPES.notPaused) throw new ApiError('not_paused', message);
      if (type === BREAKER_REJECTION_TYPES.invalidReason) throw new ApiError('invalid_input', message, { fields: { reason: [message] } });
      throw error;
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new ApiError('temporal_unavailable', 'No worker is running the service breakers right now, so nothing was changed. Try again in a moment.', {
        headers: { 'Retry-After': '5' },
      });
    }
    throw error;
  }
}

/** An Update waits for a worker: long enough for a busy one, short enough to tell a person when none runs. */
const UPDATE_DEADLINE_MS = 10_000;

/** A service name from the path; anything else is a 404. */
export function parseServiceName(raw: string): ServiceName {
  if (!isServiceName(raw)) throw new ApiError('not_found', `No service ${raw.slice(0, 40)}: the services are ${SERVICES.join(', ')}.`);
  return raw;
}

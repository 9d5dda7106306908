/**
 * The activities' side of the per-service breakers: before a step calls its service it looks at the
 * breaker (a query, cached in this worker for BREAKER_LOOK_TTL_MS), and afterwards it reports a transient
 * failure (always) or an answer (when the breaker has something to forget). The breaker's state lives
 * in its workflow (temporal/workflows/breaker.ts), never here: this cache only saves queries.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  BREAKER_WORKFLOW_TYPE,
  breakerReportSignal,
  breakerStateQuery,
  breakerWorkflowId,
  type BreakerReport,
  type BreakerSettings,
  type BreakerView,
  type ServiceName,
} from '../shared/breaker';
import type { serviceBreakerWorkflow } from '../workflows/breaker';

export interface BreakerGate {
  /** The breaker as it is (at most BREAKER_LOOK_TTL_MS old); closed when it was never started. */
  look(service: ServiceName): Promise<BreakerView>;
  report(service: ServiceName, outcome: 'failure' | 'success', probe: boolean): Promise<void>;
}

/** How long a look at a breaker is reused in this worker: a held step waits at most this long for a pause to reach it. */
export const BREAKER_LOOK_TTL_MS = 250;

const closedView = (service: ServiceName): BreakerView => ({ service, state: 'closed', since: null, reason: null, failureStreak: 0 });

export function createBreakerGate(
  client: Client,
  { taskQueue, settings, warn }: { taskQueue: string; settings: BreakerSettings; warn: (message: string, fields: object) => void },
): BreakerGate {
  const cache = new Map<ServiceName, { view: BreakerView; until: number }>();
  /** One query in flight per service, whatever the number of activities asking. */
  const inFlight = new Map<ServiceName, Promise<BreakerView>>();

  const query = async (service: ServiceName): Promise<BreakerView> => {
    try {
      return await client.workflow.getHandle(breakerWorkflowId(service)).query(breakerStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return closedView(service);
      // Temporal itself unreachable: the step's own call would fail too; let it try, as without a breaker.
      warn('Could not look at the service breaker; calling the service', { service, error: err instanceof Error ? err.message : String(err) });
      return closedView(service);
    }
  };

  return {
    async look(service) {
      const cached = cache.get(service);
      if (cached && cached.until > Date.now()) return cached.view;
      let pending = inFlight.get(service);
      if (!pending) {
        pending = query(service).finally(() => inFlight.delete(service));
        inFlight.set(service, pending);
      }
      const view = await pending;
      cache.set(service, { view, until: Date.now() + BREAKER_LOOK_TTL_MS });
      return view;
    },
    async report(service, outcome, probe) {
      const cached = cache.get(service)?.view;
      // An answer matters only to a breaker with a streak to forget, or an open one: most calls report nothing.
      if (outcome === 'success' && !probe && cached && cached.state === 'closed' && cached.failureStreak === 0) return;
      cache.delete(service);
      try {
        await client.workflow.signalWithStart<typeof serviceBreakerWorkflow, [BreakerReport]>(BREAKER_WORKFLOW_TYPE, {
          workflowId: breakerWorkflowId(service),
          taskQueue,
          args: [{ service, settings }],
          signal: breakerReportSignal,
          signalArgs: [{ outcome, at: new Date().toISOString(), probe, settings }],
        });
      } catch (err) {
        warn('Could not report to the service breaker', { service, outcome, error: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}

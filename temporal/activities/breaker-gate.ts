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
  /**
   * The breaker as it is; closed when it was never started. A healthy breaker's look is reused for
   * BREAKER_LOOK_TTL_MS; one with a failure streak is asked every time.
   */
  look(service: ServiceName): Promise<BreakerView>;
  /**
   * After a failure, this worker sends the service one call at a time until it answers: waits its turn
   * (at most LANE_WAIT_MS) and returns the function that hands the turn on. Without it, every call
   * already under way when the service went down would fail too, past BREAKER_FAILURES.
   */
  takeTurn(service: ServiceName): Promise<() => void>;
  report(service: ServiceName, outcome: 'failure' | 'success', probe: boolean): Promise<void>;
}

/**
 * How long a look at a healthy breaker is reused in this worker: a pause reaches a step at most this late.
 * Each look is a query the breaker's workflow answers; at 250 ms a busy worker asked about one per onboarding.
 */
export const BREAKER_LOOK_TTL_MS = 1_000;
/** A turn never waits longer than this: a hung call must not hold the others past their own timeouts. */
export const LANE_WAIT_MS = 2_000;
/**
 * How long this worker trusts its own count of failures it reported and the breaker may not have handled
 * yet (a busy worker runs the breaker's workflow task late): long enough to bridge that lag, short
 * enough that another worker's success is not ignored for long.
 */
export const LOCAL_TRUST_MS = 5_000;

const closedView = (service: ServiceName): BreakerView => ({ service, state: 'closed', since: null, reason: null, failureStreak: 0 });

export function createBreakerGate(
  client: Client,
  { taskQueue, settings, warn }: { taskQueue: string; settings: BreakerSettings; warn: (message: string, fields: object) => void },
): BreakerGate {
  const cache = new Map<ServiceName, { view: BreakerView; until: number }>();
  /** One query in flight per service, whatever the number of activities asking. */
  const inFlight = new Map<ServiceName, Promise<BreakerView | undefined>>();
  /** The last call in line for each failing service (takeTurn). */
  const lanes = new Map<ServiceName, Promise<void>>();
  /** Failures this worker reported since its last success, by service (ms since the epoch). */
  const reported = new Map<ServiceName, number[]>();

  /**
   * The breaker's view, or stricter when this worker reported more failures than the breaker has handled
   * yet: the step is then held and registers with the breaker, which lets it go at once if it is closed.
   */
  const withLocalFailures = (view: BreakerView): BreakerView => {
    if (view.state !== 'closed') return view;
    const now = Date.now();
    const closedAt = view.since === null ? 0 : Date.parse(view.since);
    const recent = (reported.get(view.service) ?? []).filter((at) => now - at < Math.min(LOCAL_TRUST_MS, settings.windowMs) && at > closedAt);
    reported.set(view.service, recent);
    if (recent.length <= view.failureStreak) return view;
    if (recent.length >= settings.failures) return { ...view, state: 'open', reason: `open after ${recent.length} failures`, failureStreak: recent.length };
    return { ...view, failureStreak: recent.length };
  };

  /** The breaker's view; undefined when Temporal could not be asked (not the same as a healthy breaker). */
  const query = async (service: ServiceName): Promise<BreakerView | undefined> => {
    try {
      return await client.workflow.getHandle(breakerWorkflowId(service)).query(breakerStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return closedView(service);
      warn('Could not look at the service breaker; calling the service', { service, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };

  return {
    async takeTurn(service) {
      const previous = lanes.get(service) ?? Promise.resolve();
      let handOn = () => undefined as void;
      const mine = new Promise<void>((resolve) => {
        handOn = resolve;
      });
      lanes.set(service, mine);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, LANE_WAIT_MS)))]);
      clearTimeout(timer);
      return () => {
        handOn();
        if (lanes.get(service) === mine) lanes.delete(service);
      };
    },
    async look(service) {
      const cached = cache.get(service);
      if (cached && cached.until > Date.now() && cached.view.state === 'closed' && cached.view.failureStreak === 0) return withLocalFailures(cached.view);
      let pending = inFlight.get(service);
      if (!pending) {
        pending = query(service).finally(() => inFlight.delete(service));
        inFlight.set(service, pending);
      }
      const view = await pending;
      if (view === undefined) {
        // Temporal itself unreachable: the step's own call would fail too; let it try, as without a breaker.
        // Nothing is cached: the breaker may hold a failure streak, so the call's answer must be reported
        // (report() skips it only after a look that saw a healthy breaker), or a streak of failures that
        // successes interrupted during the outage would still count as consecutive and open the breaker.
        cache.delete(service);
        return withLocalFailures(closedView(service));
      }
      cache.set(service, { view, until: Date.now() + BREAKER_LOOK_TTL_MS });
      return withLocalFailures(view);
    },
    async report(service, outcome, probe) {
      if (outcome === 'success') reported.delete(service);
      else if (!probe) reported.set(service, [...(reported.get(service) ?? []), Date.now()]);
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

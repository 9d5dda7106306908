/**
 * The circuit breaker of one outside service (workflow ID `breaker-<service>`), alive as long as the
 * service is used: started by the first report or pause (signal-with-start / update-with-start), it
 * keeps the state in its history, so a restart of every process changes nothing. The state machine
 * itself is the pure nextBreakerState (temporal/shared/breaker.ts); this workflow feeds it the reports,
 * the pauses and its own probe timer, and wakes the onboardings that wait, by signal. A long life
 * continues as new with the state (and the waiters) carried over.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  BREAKER_REJECTION_TYPES,
  breakerReportSignal,
  breakerStateQuery,
  breakerStatsQuery,
  breakerWaitSignal,
  closedBreaker,
  countTransition,
  isLostProbe,
  noBreakerCounters,
  nextBreakerState,
  nextTimerAt,
  pauseServiceUpdate,
  PAUSE_REASON_MAX,
  resumeServiceUpdate,
  serviceReleasedSignal,
  toBreakerView,
  type BreakerCounters,
  type BreakerEvent,
  type BreakerInput,
  type BreakerSettings,
  type BreakerState,
  type PauseArgs,
  type Release,
} from '../shared/breaker';
import { rejectBreakerUpdate } from './failures';

/** Marks runs in which a probe that comes back without an answer lets the next waiter probe at once. */
const LOST_PROBE_PATCH = 'breaker-lost-probe';

/** Well under the 10,240-event warning: every report is an event. */
const HISTORY_LIMIT = 4_000;

export async function serviceBreakerWorkflow(input: BreakerInput): Promise<void> {
  let state: BreakerState = input.state ?? closedBreaker(input.service);
  let settings: BreakerSettings = input.settings;
  // Counting adds no command: runs from before the counters replay unchanged (they start from zero).
  let counters: BreakerCounters = input.counters ?? noBreakerCounters();
  const toWake: Release[] = [];
  let changed = false;
  const now = () => new Date(Date.now()).toISOString();
  const apply = (event: BreakerEvent) => {
    // Asked only when it matters, so runs that never lose a probe record no marker.
    const lostProbeGoesOn = event.type === 'wait' && isLostProbe(state, event.workflowId) && patched(LOST_PROBE_PATCH);
    const next = nextBreakerState(state, event, settings, { lostProbeGoesOn });
    counters = countTransition(counters, state, event, next);
    state = next.state;
    toWake.push(...next.release);
    changed = true;
  };

  setHandler(breakerStateQuery, () => toBreakerView(state));
  setHandler(breakerStatsQuery, () => ({
    ...counters,
    // The current open spell counts up to the workflow's clock (its last task), not the caller's.
    openMs: counters.openMs + (state.state === 'open' ? Math.max(0, Date.now() - Date.parse(state.since)) : 0),
    service: state.service,
    state: state.state,
    waiting: state.waiters.length,
  }));
  setHandler(breakerReportSignal, (report) => {
    settings = report.settings;
    apply({ type: report.outcome, at: now(), probe: report.probe });
  });
  setHandler(breakerWaitSignal, ({ workflowId }) => apply({ type: 'wait', at: now(), workflowId }));
  setHandler(
    pauseServiceUpdate,
    ({ reason, actor }) => {
      apply({ type: 'pause', at: now(), reason: reason.trim(), actor });
      return toBreakerView(state);
    },
    {
      validator: ({ reason }: PauseArgs) => {
        const trimmed = typeof reason === 'string' ? reason.trim() : '';
        if (trimmed === '') rejectBreakerUpdate(BREAKER_REJECTION_TYPES.invalidReason, 'Say why the service is paused (a reason is required).');
        if (trimmed.length > PAUSE_REASON_MAX) {
          rejectBreakerUpdate(BREAKER_REJECTION_TYPES.invalidReason, `A reason is at most ${PAUSE_REASON_MAX} characters.`);
        }
      },
    },
  );
  setHandler(
    resumeServiceUpdate,
    ({ actor }) => {
      apply({ type: 'resume', at: now(), actor });
      return toBreakerView(state);
    },
    {
      validator: (_args: { actor?: string }) => {
        if (state.state === 'closed') rejectBreakerUpdate(BREAKER_REJECTION_TYPES.notPaused, 'The service is not paused or open: nothing to resume.');
      },
    },
  );

  for (;;) {
    await wakeWaiters(toWake.splice(0), state.service);
    if (workflowInfo().historyLength > HISTORY_LIMIT || workflowInfo().continueAsNewSuggested) break;
    changed = false;
    const timerAt = nextTimerAt(state);
    const woken =
      timerAt === undefined
        ? await condition(() => changed || toWake.length > 0).then(() => true)
        : await condition(() => changed || toWake.length > 0, Math.max(1, timerAt - Date.now()));
    if (!woken) apply({ type: 'tick', at: now() });
  }
  // Reports and waiters that arrive meanwhile are handled before the state is carried over.
  await condition(allHandlersFinished);
  await wakeWaiters(toWake.splice(0), state.service);
  await continueAsNew<typeof serviceBreakerWorkflow>({ service: state.service, settings, state, counters });
}

async function wakeWaiters(releases: Release[], service: BreakerState['service']): Promise<void> {
  await Promise.all(
    releases.map(async ({ workflowId, probe }) => {
      try {
        await getExternalWorkflowHandle(workflowId).signal(serviceReleasedSignal, { service, probe });
      } catch {
        // The onboarding ended meanwhile (cancelled): nobody to wake.
      }
    }),
  );
}

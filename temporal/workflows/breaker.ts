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
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  BREAKER_REJECTION_TYPES,
  breakerReportSignal,
  breakerStateQuery,
  breakerWaitSignal,
  closedBreaker,
  nextBreakerState,
  nextTimerAt,
  pauseServiceUpdate,
  PAUSE_REASON_MAX,
  resumeServiceUpdate,
  serviceReleasedSignal,
  toBreakerView,
  type BreakerEvent,
  type BreakerInput,
  type BreakerSettings,
  type BreakerState,
  type PauseArgs,
  type Release,
} from '../shared/breaker';
import { rejectBreakerUpdate } from './failures';

/** Well under the 10,240-event warning: every report is an event. */
const HISTORY_LIMIT = 4_000;

export async function serviceBreakerWorkflow(input: BreakerInput): Promise<void> {
  let state: BreakerState = input.state ?? closedBreaker(input.service);
  let settings: BreakerSettings = input.settings;
  const toWake: Release[] = [];
  let changed = false;
  const now = () => new Date(Date.now()).toISOString();
  const apply = (event: BreakerEvent) => {
    const next = nextBreakerState(state, event, settings);
    state = next.state;
    toWake.push(...next.release);
    changed = true;
  };

  setHandler(breakerStateQuery, () => toBreakerView(state));
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
  await continueAsNew<typeof serviceBreakerWorkflow>({ service: state.service, settings, state });
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

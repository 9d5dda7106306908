/**
 * The circuit breaker of one outside service, as a pure function of its state and one event: the
 * breaker workflow (temporal/workflows/breaker.ts) holds the state durably and feeds it the events;
 * the activities report outcomes and read the view; the web side pauses and resumes. Workflow-safe
 * and free of zod (the workflow imports it).
 *
 * closed ──N consecutive transient failures within the window──▶ open ──cooldown──▶ one probe call
 *    ▲                                                           ▲   probe failed ◀──┘   │ probe succeeded
 *    └──────────────────────────── resume (a person) ◀── paused  └───────────────────────┘──▶ closed
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { SERVICES, SERVICE_LABELS, type ServiceName, type StepKey } from './constants';

export { SERVICES, SERVICE_LABELS, type ServiceName } from './constants';

/** The outside service each step calls. */
export const STEP_SERVICE: Record<StepKey, ServiceName> = {
  'welcome-email': 'email',
  'learning-path': 'llm',
  'crm-update': 'crm',
  'slack-notification': 'slack',
};

export function isServiceName(value: unknown): value is ServiceName {
  return (SERVICES as readonly unknown[]).includes(value);
}

export const BREAKER_WORKFLOW_TYPE = 'serviceBreakerWorkflow';

export function breakerWorkflowId(service: ServiceName): string {
  return `breaker-${service}`;
}

export type BreakerStateName = 'closed' | 'open' | 'paused';

export interface BreakerSettings {
  /** Consecutive transient failures that open the breaker (BREAKER_FAILURES). */
  failures: number;
  /** Only failures this recent count (BREAKER_WINDOW, ms). */
  windowMs: number;
  /** How long an open breaker waits before it lets one probe through (BREAKER_COOLDOWN, ms). */
  cooldownMs: number;
}

export interface BreakerState {
  service: ServiceName;
  state: BreakerStateName;
  /** Since when it is in this state (ISO). */
  since: string;
  /** A person's reason when paused; why it opened when open; null when closed. */
  reason: string | null;
  /** Who paused it. */
  pausedBy: string | null;
  /** The current streak of transient failures (ISO times), those within the window only. */
  failures: string[];
  /** Open: when the next probe may go (ISO); also the deadline of a probe in flight. */
  probeAt: string | null;
  /** Open: a probe has been let through and has not answered yet. */
  probing: boolean;
  /** The onboarding let through as the probe (absent in states from before it was kept). */
  prober?: string | null;
  /** Workflow IDs of the onboardings whose steps wait for this service, in the order they came. */
  waiters: string[];
}

/** What the API and the activities see. */
export interface BreakerView {
  service: ServiceName;
  state: BreakerStateName;
  since: string | null;
  reason: string | null;
  failureStreak: number;
}

export type BreakerEvent =
  | { type: 'failure'; at: string; probe?: boolean }
  | { type: 'success'; at: string; probe?: boolean }
  | { type: 'pause'; at: string; reason: string; actor?: string }
  | { type: 'resume'; at: string; actor?: string }
  /** A step found the service held and waits for it. */
  | { type: 'wait'; at: string; workflowId: string }
  /** The breaker's timer: the probe time may have come. */
  | { type: 'tick'; at: string };

/** An onboarding to wake: `probe` when its call is the one let through to test the service. */
export interface Release {
  workflowId: string;
  probe: boolean;
}

export interface BreakerTransition {
  state: BreakerState;
  release: Release[];
}

export function closedBreaker(service: ServiceName, at: string | null = null): BreakerState {
  return { service, state: 'closed', since: at ?? '', reason: null, pausedBy: null, failures: [], probeAt: null, probing: false, waiters: [] };
}

export function toBreakerView(state: BreakerState): BreakerView {
  return {
    service: state.service,
    state: state.state,
    since: state.since === '' ? null : state.since,
    reason: state.reason,
    failureStreak: state.failures.length,
  };
}

/** Longest reason a person may give for a pause. */
export const PAUSE_REASON_MAX = 200;

/**
 * Why a step waits, as its timeline says it: "Slack paused: outage", "Slack breaker open after 5 failures".
 */
export function holdReason(view: Pick<BreakerView, 'service' | 'state' | 'reason'>): string {
  const label = SERVICE_LABELS[view.service];
  if (view.state === 'paused') return view.reason ? `${label} paused: ${view.reason}` : `${label} paused`;
  return `${label} breaker ${view.reason ?? 'open'}`;
}

const ms = (iso: string) => Date.parse(iso);
const plus = (iso: string, delta: number) => new Date(ms(iso) + delta).toISOString();

/** The next state after one event, and the onboardings to wake. Never mutates its input. */
export interface BreakerRules {
  /**
   * The probe's onboarding registering as a waiter again means its probe came back without an answer (its
   * worker died with the call, so the retry found the breaker open and was held): the next waiter goes as
   * the probe at once instead of a cooldown later. The breaker workflow turns it on behind a patch marker.
   */
  lostProbeGoesOn?: boolean;
}

export function nextBreakerState(current: BreakerState, event: BreakerEvent, settings: BreakerSettings, rules: BreakerRules = {}): BreakerTransition {
  const state: BreakerState = { ...current, failures: [...current.failures], waiters: [...current.waiters] };
  const release: Release[] = [];
  const close = (at: string) => {
    Object.assign(state, { state: 'closed', since: at, reason: null, pausedBy: null, failures: [], probeAt: null, probing: false, prober: null });
    release.push(...state.waiters.map((workflowId) => ({ workflowId, probe: false })));
    state.waiters = [];
  };
  /** Open and cooled down, nobody probing: the first waiter in line goes, as the probe. */
  const letProbeThrough = (at: string) => {
    if (state.state !== 'open' || state.probing || state.probeAt === null || ms(at) < ms(state.probeAt)) return;
    const next = state.waiters.shift();
    if (next === undefined) return;
    state.probing = true;
    state.prober = next;
    // A probe that never answers (its onboarding was cancelled) must not keep the service shut.
    state.probeAt = plus(at, settings.cooldownMs);
    release.push({ workflowId: next, probe: true });
  };

  switch (event.type) {
    case 'failure': {
      if (state.state === 'paused') break;
      if (state.state === 'open') {
        // Only the probe's answer counts: other calls were let through before the breaker opened.
        if (event.probe) {
          state.probing = false;
          state.prober = null;
          state.probeAt = plus(event.at, settings.cooldownMs);
        }
        break;
      }
      state.failures = [...state.failures.filter((at) => ms(event.at) - ms(at) < settings.windowMs), event.at];
      if (state.failures.length >= settings.failures) {
        Object.assign(state, {
          state: 'open',
          since: event.at,
          reason: `open after ${state.failures.length} failures`,
          probeAt: plus(event.at, settings.cooldownMs),
          probing: false,
        });
      }
      break;
    }
    case 'success': {
      if (state.state === 'paused') break;
      // Any answer from the service (the probe's, or a call already under way) shows it works again.
      if (state.state === 'open') close(event.at);
      else state.failures = [];
      break;
    }
    case 'pause': {
      Object.assign(state, { state: 'paused', since: event.at, reason: event.reason, pausedBy: event.actor ?? null, probeAt: null, probing: false, prober: null });
      break;
    }
    case 'resume': {
      if (state.state !== 'closed') close(event.at);
      break;
    }
    case 'wait': {
      if (state.state === 'closed') {
        // The service closed between the step's look and its registration: go at once.
        release.push({ workflowId: event.workflowId, probe: false });
        break;
      }
      if (rules.lostProbeGoesOn && state.state === 'open' && state.probing && isLostProbe(state, event.workflowId)) {
        // No answer came and none will: the probe's cooldown was already served, so the next one goes now.
        state.probing = false;
        state.prober = null;
        state.probeAt = event.at;
      }
      if (!state.waiters.includes(event.workflowId)) state.waiters.push(event.workflowId);
      letProbeThrough(event.at);
      break;
    }
    case 'tick': {
      if (state.state === 'open' && state.probing && state.probeAt !== null && ms(event.at) >= ms(state.probeAt)) {
        state.probing = false;
        state.prober = null;
      }
      letProbeThrough(event.at);
      break;
    }
  }
  return { state, release };
}

/** Whether a step of `workflowId` waiting again is the open breaker's probe coming back without an answer. */
export function isLostProbe(state: BreakerState, workflowId: string): boolean {
  return state.state === 'open' && state.probing && state.prober === workflowId;
}

/**
 * When the breaker's timer should fire next (ms since the epoch), or undefined for none: the deadline of
 * a probe in flight, or the probe time while someone waits. With nobody waiting the next step that
 * finds the service open registers, and that lets the probe through.
 */
export function nextTimerAt(state: BreakerState): number | undefined {
  if (state.state !== 'open' || state.probeAt === null) return undefined;
  if (!state.probing && state.waiters.length === 0) return undefined;
  return ms(state.probeAt);
}

// ----- messages (the breaker workflow's, and the one it sends to waiting onboardings) -----

/** An activity's call to the service: a transient failure, or an answer. */
export interface BreakerReport {
  outcome: 'failure' | 'success';
  at: string;
  probe?: boolean;
  /** The reporter's settings: the breaker follows the latest (BREAKER_* may change with a restart). */
  settings: BreakerSettings;
}
export const breakerReportSignal = defineSignal<[BreakerReport]>('breakerReport');
/** An onboarding's step waits for the service: the breaker signals `serviceReleasedSignal` back. */
export const breakerWaitSignal = defineSignal<[{ workflowId: string }]>('breakerWait');
export const breakerStateQuery = defineQuery<BreakerView>('breakerState');
export interface PauseArgs {
  reason: string;
  actor?: string;
}
export const pauseServiceUpdate = defineUpdate<BreakerView, [PauseArgs]>('pauseService');
export const resumeServiceUpdate = defineUpdate<BreakerView, [{ actor?: string }]>('resumeService');
/** Sent by a breaker to an onboarding whose step waits for it. */
export const serviceReleasedSignal = defineSignal<[{ service: ServiceName; probe: boolean }]>('serviceReleased');

/** The `type` of a rejected pause or resume (its message is for a person). */
export const BREAKER_REJECTION_TYPES = { invalidReason: 'invalid_input', notPaused: 'not_paused' } as const;

export interface BreakerInput {
  service: ServiceName;
  settings: BreakerSettings;
  /** Carried over continue-as-new. */
  state?: BreakerState;
  /** Carried over continue-as-new (absent in runs started before the counters existed). */
  counters?: BreakerCounters;
}

/** What a breaker counts over its whole life (across continue-as-new), for the chaos runs and operators. */
export interface BreakerCounters {
  /** Times it went from closed (or paused) to open. */
  opened: number;
  /** Time spent open, in ms, up to its last close (an open breaker's current spell is added by the query). */
  openMs: number;
  /** Probe calls it let through, how many of them failed, and how many came back without an answer. */
  probes: number;
  probesFailed: number;
  probesLost: number;
  /** Onboardings it woke (each probe and each release on a close). */
  released: number;
}

export function noBreakerCounters(): BreakerCounters {
  return { opened: 0, openMs: 0, probes: 0, probesFailed: 0, probesLost: 0, released: 0 };
}

/** The counters before and after one transition (pure: the breaker workflow keeps the result). */
export function countTransition(counters: BreakerCounters, before: BreakerState, event: BreakerEvent, after: BreakerTransition): BreakerCounters {
  // Counters carried over from before probesLost existed lack it.
  const next = { ...noBreakerCounters(), ...counters };
  if (before.state !== 'open' && after.state.state === 'open') next.opened += 1;
  if (before.state === 'open' && after.state.state !== 'open') next.openMs += Math.max(0, ms(event.at) - ms(before.since));
  if (event.type === 'failure' && event.probe === true && before.state === 'open') next.probesFailed += 1;
  if (event.type === 'wait' && isLostProbe(before, event.workflowId)) next.probesLost += 1;
  next.probes += after.release.filter((release) => release.probe).length;
  next.released += after.release.length;
  return next;
}

/** The breaker's counters and who waits for it now: `breakerStatsQuery`. */
export interface BreakerStats extends BreakerCounters {
  service: ServiceName;
  state: BreakerStateName;
  /** Onboardings registered as waiting for this service right now. */
  waiting: number;
}
export const breakerStatsQuery = defineQuery<BreakerStats>('breakerStats');

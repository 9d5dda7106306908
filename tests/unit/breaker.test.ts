/**
 * The breaker's state machine (temporal/shared/breaker.ts), event by event: what opens it, what a probe
 * does, what a person's pause and resume do, and whom it wakes.
 */
import { describe, expect, it } from 'vitest';
import {
  closedBreaker,
  countTransition,
  holdReason,
  nextBreakerState,
  nextTimerAt,
  noBreakerCounters,
  toBreakerView,
  type BreakerEvent,
  type BreakerSettings,
  type BreakerState,
} from '../../temporal/shared/breaker';

const SETTINGS: BreakerSettings = { failures: 3, windowMs: 60_000, cooldownMs: 30_000 };
const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** Applies the events in order; returns the last state and everyone woken along the way. */
function run(events: BreakerEvent[], state: BreakerState = closedBreaker('slack')) {
  const woken: { workflowId: string; probe: boolean }[] = [];
  for (const event of events) {
    const next = nextBreakerState(state, event, SETTINGS);
    state = next.state;
    woken.push(...next.release);
  }
  return { state, woken };
}

const failure = (s: number, probe = false): BreakerEvent => ({ type: 'failure', at: at(s), probe });
const success = (s: number, probe = false): BreakerEvent => ({ type: 'success', at: at(s), probe });
const wait = (s: number, workflowId: string): BreakerEvent => ({ type: 'wait', at: at(s), workflowId });

describe('breaker state machine', () => {
  it('opens after BREAKER_FAILURES consecutive failures within the window', () => {
    const { state } = run([failure(0), failure(1), failure(2)]);
    expect(toBreakerView(state)).toEqual({ service: 'slack', state: 'open', since: at(2), reason: 'open after 3 failures', failureStreak: 3 });
    expect(holdReason(toBreakerView(state))).toBe('Slack breaker open after 3 failures');
  });

  it('does not open when a success breaks the streak', () => {
    const { state } = run([failure(0), failure(1), success(2), failure(3), failure(4)]);
    expect(toBreakerView(state)).toMatchObject({ state: 'closed', failureStreak: 2 });
  });

  it('forgets failures older than the window', () => {
    // Two failures a minute ago and one now: a streak of one, not three.
    const { state } = run([failure(0), failure(1), failure(70)]);
    expect(toBreakerView(state)).toMatchObject({ state: 'closed', failureStreak: 1 });
  });

  it('holds waiters until the cooldown, then lets exactly one probe through', () => {
    const opened = run([failure(0), failure(1), failure(2), wait(3, 'a'), wait(4, 'b'), wait(5, 'a')]);
    expect(opened.woken).toEqual([]);
    expect(opened.state.waiters).toEqual(['a', 'b']);
    expect(nextTimerAt(opened.state)).toBe(Date.parse(at(32)));

    const early = run([{ type: 'tick', at: at(20) }], opened.state);
    expect(early.woken).toEqual([]);
    const probing = run([{ type: 'tick', at: at(32) }, { type: 'tick', at: at(33) }], opened.state);
    expect(probing.woken).toEqual([{ workflowId: 'a', probe: true }]);
    expect(probing.state).toMatchObject({ state: 'open', probing: true, waiters: ['b'] });
  });

  it('closes on a good probe and wakes everyone; re-opens for another cooldown on a failed one', () => {
    const probing = run([failure(0), failure(1), failure(2), wait(3, 'a'), wait(4, 'b'), { type: 'tick', at: at(32) }]).state;
    const failed = run([failure(33, true)], probing);
    expect(failed.state).toMatchObject({ state: 'open', probing: false, probeAt: at(63), waiters: ['b'] });
    // A late failure of a call made before the breaker opened changes nothing.
    expect(run([failure(34)], failed.state).state.probeAt).toBe(at(63));

    const closed = run([success(33, true)], probing);
    expect(closed.woken).toEqual([{ workflowId: 'b', probe: false }]);
    expect(toBreakerView(closed.state)).toEqual({ service: 'slack', state: 'closed', since: at(33), reason: null, failureStreak: 0 });
  });

  it('gives another waiter the probe when the first never answers', () => {
    const probing = run([failure(0), failure(1), failure(2), wait(3, 'a'), wait(4, 'b'), { type: 'tick', at: at(32) }]).state;
    const again = run([{ type: 'tick', at: at(62) }], probing);
    expect(again.woken).toEqual([{ workflowId: 'b', probe: true }]);
  });

  it('lets a step that registers after the cooldown through at once as the probe', () => {
    const opened = run([failure(0), failure(1), failure(2)]).state;
    expect(nextTimerAt(opened)).toBeUndefined();
    expect(run([wait(40, 'late')], opened).woken).toEqual([{ workflowId: 'late', probe: true }]);
  });

  it('wakes a step at once that registers while the breaker is closed', () => {
    expect(run([wait(0, 'a')]).woken).toEqual([{ workflowId: 'a', probe: false }]);
  });

  it('is paused and resumed by a person, and ignores the service meanwhile', () => {
    const paused = run([failure(0), { type: 'pause', at: at(1), reason: 'outage', actor: 'hr@example.com' }, wait(2, 'a'), success(3), failure(4), { type: 'tick', at: at(99) }]);
    expect(paused.woken).toEqual([]);
    expect(toBreakerView(paused.state)).toMatchObject({ state: 'paused', since: at(1), reason: 'outage' });
    expect(holdReason(toBreakerView(paused.state))).toBe('Slack paused: outage');
    expect(nextTimerAt(paused.state)).toBeUndefined();

    const resumed = run([{ type: 'resume', at: at(100) }], paused.state);
    expect(resumed.woken).toEqual([{ workflowId: 'a', probe: false }]);
    expect(toBreakerView(resumed.state)).toEqual({ service: 'slack', state: 'closed', since: at(100), reason: null, failureStreak: 0 });
  });

  it('closes an open breaker on a resume without waiting for the probe', () => {
    const { state, woken } = run([failure(0), failure(1), failure(2), wait(3, 'a'), { type: 'resume', at: at(4) }]);
    expect(state.state).toBe('closed');
    expect(woken).toEqual([{ workflowId: 'a', probe: false }]);
  });

  it('never changes the state it was given', () => {
    const before = run([failure(0), wait(1, 'a')]).state;
    const copy = structuredClone(before);
    nextBreakerState(before, failure(2), SETTINGS);
    nextBreakerState(before, { type: 'pause', at: at(3), reason: 'x' }, SETTINGS);
    expect(before).toEqual(copy);
  });
});

describe('breaker counters (the breakerStats query)', () => {
  /** Like run(), counting each transition as the breaker workflow does. */
  function count(events: BreakerEvent[]) {
    let state = closedBreaker('slack');
    let counters = noBreakerCounters();
    for (const event of events) {
      const next = nextBreakerState(state, event, SETTINGS);
      counters = countTransition(counters, state, event, next);
      state = next.state;
    }
    return counters;
  }

  it('counts each opening, the time open, the probes and whom it woke', () => {
    const counters = count([
      failure(0), failure(1), failure(2), // opens at 2
      wait(3, 'a'), wait(4, 'b'),
      { type: 'tick', at: at(32) }, // a goes as the probe
      failure(33, true), // the probe failed: open for another cooldown
      { type: 'tick', at: at(63) }, // b goes as the probe
      success(64, true), // closes at 64: nobody else waits
      failure(70), failure(71), failure(72), // opens again at 72
      { type: 'resume', at: at(80) }, // closed by a person at 80
    ]);
    expect(counters).toEqual({ opened: 2, openMs: (64 - 2 + 80 - 72) * 1000, probes: 2, probesFailed: 1, probesLost: 0, released: 2 });
  });

  it('does not count failures while open as openings, nor a pause as time open', () => {
    const counters = count([
      failure(0), failure(1), failure(2), failure(3), failure(4), // opens once at 2
      { type: 'pause', at: at(10), reason: 'outage' }, // open 2 → 10
      { type: 'resume', at: at(100) },
    ]);
    expect(counters).toEqual({ opened: 1, openMs: 8_000, probes: 0, probesFailed: 0, probesLost: 0, released: 0 });
  });
});

describe('a probe that comes back without an answer', () => {
  // Opened at 2, a and b wait, a goes as the probe at 32; its worker dies with the call, so a's retry
  // finds the breaker open, is held and registers again at 45.
  const probing = () => run([failure(0), failure(1), failure(2), wait(3, 'a'), wait(4, 'b'), { type: 'tick', at: at(32) }]).state;

  it('lets the next waiter probe at once (breaker-lost-probe rule)', () => {
    const next = nextBreakerState(probing(), wait(45, 'a'), SETTINGS, { lostProbeGoesOn: true });
    expect(next.release).toEqual([{ workflowId: 'b', probe: true }]);
    expect(next.state).toMatchObject({ state: 'open', probing: true, prober: 'b', probeAt: at(75), waiters: ['a'] });
    expect(countTransition(noBreakerCounters(), probing(), wait(45, 'a'), next)).toMatchObject({ probes: 1, probesLost: 1 });
  });

  it('without the rule (runs from before it) waits out the probe\'s deadline, as it always did', () => {
    const next = nextBreakerState(probing(), wait(45, 'a'), SETTINGS);
    expect(next.release).toEqual([]);
    expect(next.state).toMatchObject({ probing: true, prober: 'a', probeAt: at(62), waiters: ['b', 'a'] });
  });

  it('is not a lost probe when another onboarding registers, or after the probe failed', () => {
    expect(nextBreakerState(probing(), wait(45, 'c'), SETTINGS, { lostProbeGoesOn: true }).release).toEqual([]);
    const failed = nextBreakerState(probing(), failure(40, true), SETTINGS).state;
    const again = nextBreakerState(failed, wait(41, 'a'), SETTINGS, { lostProbeGoesOn: true });
    expect(again.release).toEqual([]);
    expect(again.state).toMatchObject({ probing: false, probeAt: at(70), waiters: ['b', 'a'] });
  });
});

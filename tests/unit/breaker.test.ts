/**
 * The breaker's state machine (temporal/shared/breaker.ts), event by event: what opens it, what a probe
 * does, what a person's pause and resume do, and whom it wakes.
 */
import { describe, expect, it } from 'vitest';
import {
  closedBreaker,
  holdReason,
  nextBreakerState,
  nextTimerAt,
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

/**
 * The worker's side of the breakers (temporal/activities/breaker-gate.ts) against a fake Temporal client:
 * what it caches, how it counts its own failure reports before the breaker has handled them, and the
 * one-call-at-a-time turn for a failing service.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createBreakerGate } from '../../temporal/activities/breaker-gate';
import type { BreakerView } from '../../temporal/shared/breaker';

const SETTINGS = { failures: 3, windowMs: 60_000, cooldownMs: 30_000 };

/** A client whose breaker query answers `answer()` (or not found) and that records the reports. */
function fakeClient(answer: () => BreakerView | undefined) {
  const calls = { queries: 0, reports: [] as unknown[] };
  const client = {
    workflow: {
      getHandle: () => ({
        query: () => {
          calls.queries += 1;
          const view = answer();
          return view ? Promise.resolve(view) : Promise.reject(new WorkflowNotFoundError('not found', 'breaker-slack', undefined));
        },
      }),
      signalWithStart: (_type: string, options: { signalArgs: unknown[] }) => {
        calls.reports.push(options.signalArgs[0]);
        return Promise.resolve();
      },
    },
  } as unknown as Client;
  return { client, calls };
}

const closed: BreakerView = { service: 'slack', state: 'closed', since: null, reason: null, failureStreak: 0 };
const gateFor = (client: Client) => createBreakerGate(client, { taskQueue: 'q', settings: SETTINGS, warn: () => undefined });

describe('breaker gate', () => {
  it('sees a breaker that never started as closed, and reuses a healthy look for a moment', async () => {
    const { client, calls } = fakeClient(() => undefined);
    const gate = gateFor(client);
    expect(await gate.look('slack')).toEqual(closed);
    expect(await gate.look('slack')).toEqual(closed);
    expect(calls.queries).toBe(1);
  });

  it('holds calls once it reported BREAKER_FAILURES failures, before the breaker has handled them', async () => {
    const { client, calls } = fakeClient(() => closed);
    const gate = gateFor(client);
    for (let i = 0; i < 3; i++) await gate.report('slack', 'failure', false);
    expect(calls.reports).toHaveLength(3);
    expect(await gate.look('slack')).toMatchObject({ state: 'open', reason: 'open after 3 failures', failureStreak: 3 });
    // An answer from the service clears this worker's own count.
    await gate.report('slack', 'success', false);
    expect(await gate.look('slack')).toMatchObject({ state: 'closed', failureStreak: 0 });
  });

  it('asks the breaker every time while the service is failing', async () => {
    const { client, calls } = fakeClient(() => ({ ...closed, failureStreak: 2 }));
    const gate = gateFor(client);
    await gate.look('slack');
    await gate.look('slack');
    expect(calls.queries).toBe(2);
  });

  it('does not report an answer to a breaker with nothing to forget', async () => {
    const { client, calls } = fakeClient(() => closed);
    const gate = gateFor(client);
    await gate.look('slack');
    await gate.report('slack', 'success', false);
    expect(calls.reports).toHaveLength(0);
    await gate.report('slack', 'success', true);
    expect(calls.reports).toHaveLength(1);
  });

  it('gives a failing service one call at a time', async () => {
    const { client } = fakeClient(() => closed);
    const gate = gateFor(client);
    const order: string[] = [];
    const first = await gate.takeTurn('slack');
    const second = gate.takeTurn('slack').then((handOn) => {
      order.push('second');
      handOn();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('first done');
    first();
    await second;
    expect(order).toEqual(['first done', 'second']);
  });
});

describe('breaker gate while Temporal is unreachable', () => {
  it('lets the call go and reports its answer, since the breaker may hold a streak it could not show', async () => {
    let reachable = true;
    const reports: unknown[] = [];
    const client = {
      workflow: {
        getHandle: () => ({
          query: () => (reachable ? Promise.resolve(closed) : Promise.reject(new Error('Failed to query Workflow'))),
        }),
        signalWithStart: (_type: string, options: { signalArgs: unknown[] }) => {
          reports.push(options.signalArgs[0]);
          return Promise.resolve();
        },
      },
    } as unknown as Client;
    const gate = gateFor(client);
    reachable = false;
    expect(await gate.look('slack')).toEqual(closed);
    await gate.report('slack', 'success', false);
    // Reported: otherwise failures before and after this answer would count as one streak.
    expect(reports).toMatchObject([{ outcome: 'success' }]);
    // Once Temporal answers again, a healthy look is what lets answers go unreported.
    reachable = true;
    await gate.look('slack');
    await gate.report('slack', 'success', false);
    expect(reports).toHaveLength(1);
  });
});

/**
 * The chaos run's breaker figures: waits read from activity logs with known waits, and the check that
 * fails the run when a step is left waiting for its service.
 */
import { describe, expect, it } from 'vitest';
import { waitFigures } from '@/bench/lib/breaker-figures';

const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
type Status = 'completed' | 'waiting' | 'running';

function detail(id: string, events: { s: number; type: string; step?: string }[], statuses: Record<string, Status> = {}) {
  return {
    id,
    steps: Object.entries(statuses).map(([key, status]) => ({ key, status, waitingReason: status === 'waiting' ? 'Slack breaker open after 5 failures' : null })),
    events: events.map((e) => ({ at: at(e.s), type: e.type, step: e.step, message: '' })),
  } as unknown as Parameters<typeof waitFigures>[0][number];
}

describe('chaos breaker figures', () => {
  it('measures each wait from step.waiting to the step\'s next event, per service and per step', () => {
    const figures = waitFigures([
      detail('onboarding-a', [
        { s: 0, type: 'step.started', step: 'slack-notification' },
        { s: 1, type: 'step.waiting', step: 'slack-notification' },
        { s: 31, type: 'step.started', step: 'slack-notification' }, // the probe: 30 s
        { s: 32, type: 'step.waiting', step: 'slack-notification' },
        { s: 62, type: 'step.started', step: 'slack-notification' }, // 30 s more
        { s: 63, type: 'step.completed', step: 'slack-notification' },
      ]),
      detail('onboarding-b', [
        { s: 5, type: 'step.waiting', step: 'slack-notification' },
        { s: 7, type: 'onboarding.started' }, // no step: does not end the wait
        { s: 15, type: 'step.started', step: 'slack-notification' },
        { s: 20, type: 'step.waiting', step: 'welcome-email' },
        { s: 21, type: 'step.started', step: 'welcome-email' },
      ]),
    ]);
    expect(figures.stillWaiting).toEqual([]);
    expect(figures.services.slack).toMatchObject({ stepsWaited: 2, waits: 3, longestStepMs: 60_000 });
    expect(figures.services.slack.waitMs).toMatchObject({ count: 3, p50: 30_000, max: 30_000 });
    expect(figures.services.email).toMatchObject({ stepsWaited: 1, waits: 1, longestStepMs: 1_000 });
    expect(figures.services.crm).toMatchObject({ stepsWaited: 0, waits: 0, longestStepMs: 0 });
  });

  it('reports a step whose status is waiting, or whose last wait never ended', () => {
    const figures = waitFigures([
      detail('onboarding-a', [{ s: 1, type: 'step.waiting', step: 'slack-notification' }], { 'slack-notification': 'waiting' }),
      // The log ends in a wait although the step reads running: still a wait that never ended.
      detail('onboarding-b', [{ s: 2, type: 'step.waiting', step: 'crm-update' }], { 'crm-update': 'running' }),
      detail('onboarding-c', [{ s: 3, type: 'step.waiting', step: 'crm-update' }, { s: 4, type: 'step.started', step: 'crm-update' }], { 'crm-update': 'completed' }),
    ]);
    expect(figures.stillWaiting).toEqual([
      { id: 'onboarding-a', step: 'slack-notification', since: at(1), reason: 'Slack breaker open after 5 failures' },
      { id: 'onboarding-b', step: 'crm-update', since: at(2), reason: null },
    ]);
    // An unfinished wait is not a duration: only onboarding-c's counts.
    expect(figures.services.crm.waitMs.count).toBe(1);
    expect(figures.services.crm.stepsWaited).toBe(2);
  });
});

/**
 * The idempotency key rule: one key per step of a run, whatever the attempt; a new request (a key
 * carrying the round) from the first retry with a corrected input on; compensations apart.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createActivities, idempotencyKeyFor } from '../../temporal/activities';
import type { CallContext, Services } from '../../temporal/integrations';
import type { NewHire } from '../../temporal/shared/contract';

describe('idempotencyKeyFor', () => {
  it('is <workflowId>:<runId>:<step> before any corrected retry', () => {
    expect(idempotencyKeyFor('onboarding-e1', 'run-1', 'welcome-email')).toBe('onboarding-e1:run-1:welcome-email');
  });

  it('ends in :r<round> once the step carries a round', () => {
    expect(idempotencyKeyFor('onboarding-e1', 'run-1', 'slack-notification', { round: 1 })).toBe(
      'onboarding-e1:run-1:slack-notification:r1',
    );
    expect(idempotencyKeyFor('onboarding-e1', 'run-1', 'slack-notification', { round: 12 })).toBe(
      'onboarding-e1:run-1:slack-notification:r12',
    );
  });

  it('gives compensations their own key', () => {
    expect(idempotencyKeyFor('onboarding-e1', 'run-1', 'crm-update', { compensation: true })).toBe(
      'onboarding-e1:run-1:crm-update:compensation',
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses round %s as a non-retryable failure', (round) => {
    let thrown: unknown;
    try {
      idempotencyKeyFor('onboarding-e1', 'run-1', 'welcome-email', { round });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect((thrown as ApplicationFailure).message).toBe(`A step's round must be a whole number from 1, not ${round}`);
  });
});

describe('activities with a step call', () => {
  const hire: NewHire = {
    employeeId: 'e1',
    fullName: 'Zoë Li',
    email: 'zoe@example.com',
    role: 'Data Scientist',
    startDate: '2026-12-01',
    slackChannel: '#general',
  };

  it('send the round in the key they hand to the service, and the plain key without one', async () => {
    const keys: string[] = [];
    const remember = (call: CallContext) => keys.push(call.idempotencyKey);
    const services: Services = {
      email: { send: (_m, call) => (remember(call), Promise.resolve({ id: 'm1' })) },
      llm: {
        generateLearningPath: (_r, call) => (
          remember(call), Promise.resolve({ model: 'x', path: { modules: [{ title: 't', durationHours: 1, why: 'w' }] } })
        ),
      },
      crm: { setStatus: (u, call) => (remember(call), Promise.resolve({ employeeId: u.employeeId, status: u.status })) },
      slack: { postMessage: (m, call) => (remember(call), Promise.resolve({ channel: m.channel, ts: '1.1' })) },
    };
    const activities = createActivities(services);
    const env = new MockActivityEnvironment(
      { workflowExecution: { workflowId: 'onboarding-e1', runId: 'run-1' } },
      { logger: new DefaultLogger('ERROR') },
    );

    await env.run(() => activities.sendWelcomeEmail(hire));
    await env.run(() => activities.sendWelcomeEmail(hire, {}));
    await env.run(() => activities.sendWelcomeEmail(hire, { round: 2 }));
    await env.run(() => activities.generateLearningPath(hire, { round: 1 }));
    await env.run(() => activities.setCrmStatus({ employeeId: 'e1', status: 'onboarded', compensation: false }, { round: 3 }));
    await env.run(() => activities.postSlackAnnouncement(hire, { round: 4 }));

    expect(keys).toEqual([
      'onboarding-e1:run-1:welcome-email',
      'onboarding-e1:run-1:welcome-email',
      'onboarding-e1:run-1:welcome-email:r2',
      'onboarding-e1:run-1:learning-path:r1',
      'onboarding-e1:run-1:crm-update:r3',
      'onboarding-e1:run-1:slack-notification:r4',
    ]);
  });
});

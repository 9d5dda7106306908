/**
 * "Retry now" against a real local Temporal server: a step waiting minutes for its next attempt gets it
 * at once, and keeps its attempt count; a step that is not waiting for a retry is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/api/errors';
import { bringNextAttemptForward } from '../../server/temporal/retry-now';
import { SA_STATUS, SA_STEP, workflowIdFor, type OnboardingInput } from '../../temporal/shared/contract';
import type { onboardingWorkflow } from '../../temporal/workflows';
import { createHarness, hireFor, waitForState, type Harness } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness('retry-now-test');
});

afterAll(async () => {
  await harness?.close();
});

async function pendingEmailAttempt(workflowId: string) {
  const description = await harness.env.client.workflow.getHandle(workflowId).describe();
  return description.raw.pendingActivities?.find((activity) => activity.activityId === 'welcome-email');
}

describe('retry now', () => {
  it('runs the next attempt of a step that waits minutes for it, keeping the attempt count', async () => {
    const employeeId = 'retry-now-1';
    const workflowId = workflowIdFor(employeeId);
    harness.world.script(workflowId, { email: ['transient'] });
    const input: OnboardingInput = {
      hire: hireFor(employeeId),
      // Two minutes between attempts (within the step's 5-minute schedule-to-close): only "retry now" can
      // make the second attempt happen during this test.
      retry: { initialInterval: '2m', maximumInterval: '2m' },
    };
    const handle = await harness.env.client.workflow.start<typeof onboardingWorkflow>('onboardingWorkflow', {
      workflowId,
      taskQueue: harness.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: SA_STATUS, value: 'running' },
        { key: SA_STEP, value: 'welcome-email' },
      ],
    });
    // Attempt 1 failed; attempt 2 is scheduled an hour from now.
    let pending = await pendingEmailAttempt(workflowId);
    for (let tries = 0; (pending?.attempt ?? 0) < 2 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pending = await pendingEmailAttempt(workflowId);
    }
    expect(pending?.attempt).toBe(2);

    const askedAt = Date.now();
    await bringNextAttemptForward(harness.env.client, harness.env.namespace ?? 'default', workflowId, 'welcome-email', 'hr@example.com');
    const state = await waitForState(handle, (s) => s.steps[0]?.status === 'completed', 10_000);
    expect(Date.now() - askedAt).toBeLessThan(10_000);
    expect(state.steps[0]).toMatchObject({ key: 'welcome-email', status: 'completed', attempt: 2 });
  });

  it('refuses a step that is not waiting for a retry, with the reason', async () => {
    const handle = await harness.start('retry-now-2', { slack: ['permanent'] });
    const waiting = await waitForState(handle, (s) => s.status === 'needs_attention');
    expect(waiting.currentStep).toBe('slack-notification');
    const refusal = await bringNextAttemptForward(harness.env.client, harness.env.namespace ?? 'default', handle.workflowId, 'slack-notification', undefined).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'not_retrying', message: 'Notify team on Slack is not waiting for a retry; there is no attempt to bring forward.' });
  });
});

/**
 * The onboarding workflow against a real local Temporal server, with the real activities running on a
 * scripted fake outside world. One server and one worker for the whole file.
 */
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowExecutionDescription } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelRequestedSignal,
  retryUpdate,
  SA_STATUS,
  SA_STEP,
  skipUpdate,
  STEP_KEYS,
  UPDATE_REJECTION_TYPES,
  type OnboardingState,
  type StepKey,
  type StepState,
} from '../../temporal/shared/contract';
import { toSummary } from '../../server/temporal/to-view';
import { createHarness, waitForState, waitUntil, type Harness } from './support/harness';
import { runScenario, SCENARIOS } from './support/scenarios';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness?.close();
});

function step(state: OnboardingState, key: StepKey): StepState {
  const found = state.steps.find((s) => s.key === key);
  if (!found) throw new Error(`no step ${key}`);
  return found;
}

function statuses(state: OnboardingState): Record<string, string> {
  return Object.fromEntries(state.steps.map((s) => [s.key, s.status]));
}

/** The rejection an update got from its validator, as the web side reads it: the failure's type and message. */
async function rejectionOf(promise: Promise<unknown>): Promise<{ type: string | undefined | null; message: string; nonRetryable: boolean }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return { type: err.cause.type, message: err.cause.message, nonRetryable: err.cause.nonRetryable === true };
    }
    throw err;
  }
  throw new Error('the update was accepted');
}

const notRetryable = (message: string) => ({ type: UPDATE_REJECTION_TYPES.notRetryable, message, nonRetryable: true });
const notSkippable = (message: string) => ({ type: UPDATE_REJECTION_TYPES.notSkippable, message, nonRetryable: true });

describe('onboardingWorkflow', () => {
  it('runs the four steps in order and completes', async () => {
    const handle = await runScenario(harness, SCENARIOS.happy);
    const state = await handle.result();

    expect(state.status).toBe('completed');
    expect(state.currentStep).toBeNull();
    expect(state.closedAt).not.toBeNull();
    for (const s of state.steps) {
      expect(s).toMatchObject({ status: 'completed', attempt: 1, lastFailure: null });
    }
    expect(harness.world.callsFor(handle.workflowId).map((c) => c.service)).toEqual(['email', 'llm', 'crm', 'slack']);
    expect(step(state, 'slack-notification').result).toMatchObject({
      channel: '#onboarding-team',
      text: 'New user Zoë O’Brien (happy-1) has been onboarded!',
    });
    const keys = harness.world.callsFor(handle.workflowId).map((c) => c.idempotencyKey);
    const runId = handle.firstExecutionRunId;
    expect(keys).toEqual(STEP_KEYS.map((k) => `${handle.workflowId}:${runId}:${k}`));

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(SA_STATUS)).toBe('completed');
    expect(description.typedSearchAttributes.get(SA_STEP)).toBeUndefined();
    expect(description.memo).toMatchObject({ employeeId: 'happy-1' });
    // The list shows all four steps done from the search attributes alone.
    expect(summaryOf(description).completedSteps).toBe(4);
    // Visibility is written only when the list would show something new: the start set status and first
    // step, then each later step and the end update them once, and the memo never needs a correction.
    const { events } = await handle.fetchHistory();
    const onboardingUpserts = (events ?? []).filter((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some((key) =>
        key.startsWith('Onboarding'),
      ),
    );
    expect(onboardingUpserts).toHaveLength(4);
    expect((events ?? []).filter((e) => e.workflowPropertiesModifiedEventAttributes)).toHaveLength(0);
    expect(state.events.map((e) => e.type)).toEqual([
      'onboarding.started',
      ...STEP_KEYS.flatMap(() => ['step.started', 'step.completed']),
      'onboarding.completed',
    ]);
  });

  it('retries transient failures and shows the attempt that succeeded', async () => {
    const handle = await runScenario(harness, SCENARIOS.transientRetry);
    const state = await handle.result();

    expect(state.status).toBe('completed');
    expect(step(state, 'welcome-email')).toMatchObject({ status: 'completed', attempt: 3, maxAttempts: 5, round: 0 });
    const emailCalls = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'email');
    expect(emailCalls).toHaveLength(3);
    // Every attempt carries the same key, so the service can deliver once.
    expect(new Set(emailCalls.map((c) => c.idempotencyKey)).size).toBe(1);
    const retrying = state.events.filter((e) => e.type === 'step.retrying');
    expect(retrying.map((e) => e.message)).toEqual([
      expect.stringContaining('Attempt 1 of 5 failed'),
      expect.stringContaining('Attempt 2 of 5 failed'),
    ]);
    expect(retrying[0]?.message).toContain('briefly unavailable');
  });

  it('waits for a person after a permanent failure, then retries with the corrected input', async () => {
    const handle = await harness.start('patch-2', { slack: ['permanent'] });
    const waiting = await waitForState(handle, (s) => s.status === 'needs_attention');

    expect(waiting.currentStep).toBe('slack-notification');
    expect(step(waiting, 'slack-notification')).toMatchObject({
      status: 'failed',
      attempt: 1,
      maxAttempts: 3,
      lastFailure: { message: 'Slack channel #onboarding-team not found', type: 'SlackChannelNotFound', nonRetryable: true },
    });
    expect((await handle.describe()).typedSearchAttributes.get(SA_STATUS)).toBe('needs_attention');

    await expect(
      handle.executeUpdate(retryUpdate, {
        args: [{ step: 'slack-notification', patch: { slackChannel: '#general' }, actor: 'hr@example.com' }],
      }),
    ).resolves.toEqual({ accepted: true });
    const state = await handle.result();

    expect(state.status).toBe('completed');
    expect(state.input.slackChannel).toBe('#general');
    expect(step(state, 'slack-notification')).toMatchObject({ status: 'completed', attempt: 1, round: 1, lastFailure: null });
    const slackCalls = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'slack');
    expect(slackCalls.map((c) => c.payload.channel)).toEqual(['#onboarding-team', '#general']);
    // The corrected call is a new request: its key carries the round.
    const slackKey = `${handle.workflowId}:${handle.firstExecutionRunId}:slack-notification`;
    expect(slackCalls.map((c) => c.idempotencyKey)).toEqual([slackKey, `${slackKey}:r1`]);
    // Completed steps never run again.
    expect(harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'email')).toHaveLength(1);
    expect(state.events).toContainEqual(
      expect.objectContaining({ type: 'retry.requested', step: 'slack-notification', actor: 'hr@example.com' }),
    );
  });

  it('keeps the key on a plain retry and carries the round from the first corrected retry on', async () => {
    const handle = await harness.start('rounds-1', { email: ['permanent', 'permanent', 'permanent'] });
    const waitForRound = (round: number) =>
      waitForState(handle, (s) => s.status === 'needs_attention' && step(s, 'welcome-email').round === round);

    await waitForRound(0);
    await handle.executeUpdate(retryUpdate, { args: [{ step: 'welcome-email', actor: 'hr@example.com' }] });
    await waitForRound(1);
    await handle.executeUpdate(retryUpdate, {
      args: [{ step: 'welcome-email', patch: { email: 'rounds-1@example.org' }, actor: 'hr@example.com' }],
    });
    await waitForRound(2);
    await handle.executeUpdate(retryUpdate, { args: [{ step: 'welcome-email', actor: 'hr@example.com' }] });
    const state = await handle.result();

    expect(step(state, 'welcome-email')).toMatchObject({ status: 'completed', round: 3, attempt: 1 });
    const base = `${handle.workflowId}:${handle.firstExecutionRunId}`;
    const calls = harness.world.callsFor(handle.workflowId);
    expect(calls.filter((c) => c.service === 'email').map((c) => [c.idempotencyKey, c.payload.to])).toEqual([
      [`${base}:welcome-email`, 'rounds-1@example.com'],
      [`${base}:welcome-email`, 'rounds-1@example.com'],
      [`${base}:welcome-email:r2`, 'rounds-1@example.org'],
      [`${base}:welcome-email:r3`, 'rounds-1@example.org'],
    ]);
    // The other steps had no correction: their keys are as before.
    expect(calls.filter((c) => c.service !== 'email').map((c) => c.idempotencyKey)).toEqual(
      ['learning-path', 'crm-update', 'slack-notification'].map((k) => `${base}:${k}`),
    );
  });

  it('skips a failed step on request and goes on', async () => {
    const handle = await runScenario(harness, SCENARIOS.skip);
    const state = await handle.result();

    expect(state.status).toBe('completed');
    expect(statuses(state)).toEqual({
      'welcome-email': 'completed',
      'learning-path': 'skipped',
      'crm-update': 'completed',
      'slack-notification': 'completed',
    });
    expect(step(state, 'learning-path').lastFailure).toMatchObject({ type: 'PermanentHttpError', nonRetryable: true });
    expect(state.events).toContainEqual(
      expect.objectContaining({ type: 'skip.requested', step: 'learning-path', actor: 'hr@example.com' }),
    );
    // A skipped step is not done: the memo corrects what the list would otherwise work out.
    const description = await handle.describe();
    expect(description.memo).toMatchObject({ completedSteps: 3 });
    expect(summaryOf(description).completedSteps).toBe(3);
  });

  it('on cancel, stops the step in flight and compensates completed steps in reverse order', async () => {
    const handle = await harness.start(SCENARIOS.cancelWithCompensation.employeeId, SCENARIOS.cancelWithCompensation.script);
    await SCENARIOS.cancelWithCompensation.drive(handle, harness);

    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');

    const calls = harness.world.callsFor(handle.workflowId);
    const slack = calls.find((c) => c.service === 'slack');
    expect(slack?.cancelled).toBe(true);
    const compensations = calls.filter((c) => c.idempotencyKey.endsWith(':compensation'));
    expect(compensations.map((c) => [c.service, c.payload.status ?? c.payload.subject])).toEqual([
      ['crm', 'cancelled'],
      ['email', 'Your onboarding has been cancelled'],
    ]);

    const state = await waitForState(handle, (s) => s.status === 'cancelled');
    expect(statuses(state)).toEqual({
      'welcome-email': 'compensated',
      'learning-path': 'completed',
      'crm-update': 'compensated',
      'slack-notification': 'cancelled',
    });
    expect(state.events.filter((e) => e.type === 'step.compensated').map((e) => e.step)).toEqual([
      'crm-update',
      'welcome-email',
    ]);
    expect(state.events).toContainEqual(expect.objectContaining({ type: 'cancel.requested', actor: 'lead@example.com' }));
    expect((await handle.describe()).typedSearchAttributes.get(SA_STATUS)).toBe('cancelled');
  });

  it('rejects retry and skip requests that do not match the failed step, and cancels while waiting', async () => {
    const handle = await harness.start('validators-1', { email: ['permanent'] });
    await waitForState(handle, (s) => s.status === 'needs_attention');

    expect(await rejectionOf(handle.executeUpdate(retryUpdate, { args: [{ step: 'crm-update' }] }))).toEqual(
      notRetryable('Only the failed step (Send welcome email) can be retried, not Update CRM status.'),
    );
    expect(await rejectionOf(handle.executeUpdate(retryUpdate, { args: [{ patch: { slackChannel: '#general' } }] }))).toEqual(
      notRetryable('slackChannel cannot be changed when retrying Send welcome email.'),
    );
    expect(await rejectionOf(handle.executeUpdate(skipUpdate, { args: [{ step: 'learning-path' }] }))).toEqual(
      notSkippable('Only the failed step (Send welcome email) can be skipped.'),
    );
    // Rejections change nothing.
    const still = await handle.query('progress');
    expect((still as OnboardingState).status).toBe('needs_attention');
    expect(harness.world.callsFor(handle.workflowId)).toHaveLength(1);

    await handle.signal(cancelRequestedSignal, { actor: 'hr@example.com' });
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const state = await waitForState(handle, (s) => s.status === 'cancelled');
    // Nothing was done, so nothing is undone.
    expect(statuses(state)).toMatchObject({ 'welcome-email': 'cancelled', 'learning-path': 'pending' });
    expect(harness.world.callsFor(handle.workflowId)).toHaveLength(1);
  });

  it('rejects retry and skip while nothing has failed', async () => {
    const handle = await harness.start('validators-2', { email: ['hang'] });
    await waitUntil(() => harness.world.callsFor(handle.workflowId).length > 0, 'the welcome email is in flight');

    expect(await rejectionOf(handle.executeUpdate(retryUpdate, { args: [{}] }))).toEqual(notRetryable('Nothing is waiting for a retry in this onboarding.'));
    expect(await rejectionOf(handle.executeUpdate(skipUpdate, { args: [{ step: 'welcome-email' }] }))).toEqual(
      notSkippable('Nothing is waiting to be skipped in this onboarding.'),
    );

    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  });
});

/** The row the dashboard's list shows for this run, made from the same fields one visibility call returns. */
function summaryOf(description: WorkflowExecutionDescription) {
  return toSummary({
    workflowId: description.workflowId,
    executionStatus: description.status.name,
    startTime: description.startTime,
    closeTime: description.closeTime,
    memo: description.memo,
    statusAttribute: description.typedSearchAttributes.get(SA_STATUS),
    stepAttribute: description.typedSearchAttributes.get(SA_STEP),
  });
}

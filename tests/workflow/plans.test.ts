/**
 * Plans in the workflow: steps that wait for their time, run now, reschedule, tasks that block or not,
 * owners' links, escalation to HR with reminders, and starting again. Plan times are short (`now+PT2S`)
 * and resolved exactly as the web app resolves them (server/plans/resolve.ts).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeTaskUpdate,
  progressQuery,
  rescheduleUpdate,
  retryUpdate,
  runNowUpdate,
  UPDATE_REJECTION_TYPES,
  type OnboardingState,
  type PlannedStep,
  type StepState,
} from '../../temporal/shared/contract';
import type { Plan } from '../../temporal/shared/plans';
import { plannedPlan } from './support/plans';
import { verifyLink } from '../../common/links';
import { atRiskClause, buildListQuery } from '../../server/temporal/list-query';
import { createHarness, TEST_APP_URL, TEST_LINK_SECRET, waitForState, type Harness } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness('plans-test');
});

afterAll(async () => {
  await harness?.close();
});

/** The plan's steps as the web app copies them into the input, times resolved now. */
function planned(employeeId: string, steps: Plan['steps']): PlannedStep[] {
  return plannedPlan(employeeId, steps, { hire: { buddyEmail: 'buddy@example.com' } }).steps;
}

function step(state: OnboardingState, key: string): StepState {
  const found = state.steps.find((s) => s.key === key);
  if (!found) throw new Error(`no step ${key}`);
  return found;
}

async function rejectionOf(promise: Promise<unknown>): Promise<{ type: string | undefined | null; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return { type: err.cause.type, message: err.cause.message };
    }
    throw err;
  }
  throw new Error('the update was accepted');
}

const SERVICES_AT_ONCE: Plan['steps'] = [
  { key: 'learning-path', kind: 'service', service: 'learning-path' },
  { key: 'crm-update', kind: 'service', service: 'crm-update' },
  { key: 'slack-notification', kind: 'service', service: 'slack-notification' },
];

describe('plans', () => {
  it('runs a step not before its time (a durable timer), and a time already past at once', async () => {
    const id = 'timed-1';
    const startedAt = Date.now();
    const handle = await harness.start(id, {}, { buddyEmail: 'buddy@example.com' }, {
      plan: planned(id, [
        { key: 'welcome-email', kind: 'service', service: 'welcome-email', at: 'now-PT1H' },
        { key: 'learning-path', kind: 'service', service: 'learning-path', at: 'now+PT2S' },
        { key: 'crm-update', kind: 'service', service: 'crm-update' },
        { key: 'slack-notification', kind: 'service', service: 'slack-notification' },
      ]),
    });
    const scheduled = await waitForState(handle, (s) => step(s, 'learning-path').status === 'scheduled');
    expect(step(scheduled, 'welcome-email').status).toBe('completed');
    const at = step(scheduled, 'learning-path').at;
    expect(Date.parse(at ?? '')).toBeGreaterThan(startedAt + 1_000);

    const done = await handle.result();
    expect(done.status).toBe('completed');
    const llmCall = harness.world.callsFor(handle.workflowId).find((c) => c.service === 'llm');
    expect(llmCall).toBeDefined();
    expect(Date.parse(step(done, 'learning-path').startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(at ?? ''));
    expect(done.events.map((e) => e.type)).toContain('step.scheduled');
  });

  it('runs a scheduled step at once when told to, and refuses run-now for a step that is not scheduled', async () => {
    const id = 'run-now-1';
    const handle = await harness.start(id, {}, {}, {
      plan: planned(id, [{ key: 'welcome-email', kind: 'service', service: 'welcome-email', at: 'now+PT1H' }, ...SERVICES_AT_ONCE]),
    });
    await waitForState(handle, (s) => step(s, 'welcome-email').status === 'scheduled');
    expect(await rejectionOf(handle.executeUpdate(runNowUpdate, { args: [{ step: 'crm-update' }] }))).toEqual({
      type: UPDATE_REJECTION_TYPES.notScheduled,
      message: 'Update CRM status is not waiting for its time.',
    });
    await handle.executeUpdate(runNowUpdate, { args: [{ step: 'welcome-email', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(done.events).toContainEqual(expect.objectContaining({ type: 'run_now.requested', step: 'welcome-email', actor: 'hr@example.com' }));
  });

  it('moves the steps not yet done on reschedule and tells the hire once the welcome email went out', async () => {
    const id = 'reschedule-1';
    const handle = await harness.start(id, {}, {}, {
      plan: planned(id, [
        { key: 'welcome-email', kind: 'service', service: 'welcome-email' },
        { key: 'learning-path', kind: 'service', service: 'learning-path', at: 'now+PT1H' },
        { key: 'crm-update', kind: 'service', service: 'crm-update' },
        { key: 'slack-notification', kind: 'service', service: 'slack-notification' },
      ]),
    });
    await waitForState(handle, (s) => step(s, 'learning-path').status === 'scheduled');
    const soon = new Date(Date.now() + 1_500).toISOString();
    await handle.executeUpdate(rescheduleUpdate, {
      args: [{ startDate: '2026-12-08', times: { 'learning-path': { at: soon }, 'welcome-email': { at: soon } }, actor: 'hr@example.com' }],
    });
    const moved = await handle.query(progressQuery);
    expect(step(moved, 'learning-path').at).toBe(soon);
    // Done steps stay where they were.
    expect(step(moved, 'welcome-email').at).toBeNull();
    expect(moved.input.startDate).toBe('2026-12-08');

    const done = await handle.result();
    expect(done.status).toBe('completed');
    const emails = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'email');
    expect(emails.map((c) => c.payload.subject)).toEqual([expect.stringContaining('Welcome'), 'Your start date has changed']);
    expect(String(emails[1]?.payload.text)).toContain('2026-12-01 to 2026-12-08');
  });

  it('holds later steps for a blocking task, not for a non-blocking one; the owner marks it done once through the link', async () => {
    const id = 'tasks-1';
    const handle = await harness.start(id, {}, { buddyEmail: 'buddy@example.com' }, {
      plan: planned(id, [
        { key: 'accounts', kind: 'task', label: 'Create accounts', owner: 'it', blocking: true, due: 'now+PT1H' },
        { key: 'welcome-email', kind: 'service', service: 'welcome-email' },
        { key: 'buddy-intro', kind: 'task', label: 'Buddy says hello', owner: 'buddy', blocking: false },
        ...SERVICES_AT_ONCE,
      ]),
    });
    const open = await waitForState(handle, (s) => step(s, 'accounts').status === 'waiting_for_person' && s.events.some((e) => e.type === 'link.sent'));
    expect(step(open, 'welcome-email').status).toBe('pending');
    const linkMail = harness.world.callsFor(handle.workflowId).find((c) => c.service === 'email' && c.payload.to === 'it@example.com');
    const url = /https?:\/\/\S+\/act\/(\S+)/.exec(String(linkMail?.payload.text));
    expect(url?.[0].startsWith(`${TEST_APP_URL}/act/`)).toBe(true);
    const claims = verifyLink(url?.[1] ?? '', TEST_LINK_SECRET);
    expect(claims).toMatchObject({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId, step: 'accounts' });
    expect(claims?.nonce).toBe(step(open, 'accounts').link?.nonce);
    // A forged nonce changes nothing.
    expect(await rejectionOf(handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'accounts', nonce: 'forged' }] }))).toEqual({
      type: UPDATE_REJECTION_TYPES.linkUsed,
      message: 'This link is no longer valid.',
    });

    await handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'accounts', nonce: claims?.nonce ?? '', actor: 'it@example.com' }] });
    expect(await rejectionOf(handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'accounts', nonce: claims?.nonce ?? '' }] }))).toEqual({
      type: UPDATE_REJECTION_TYPES.linkUsed,
      message: 'This link was used: Create accounts is already done.',
    });

    // Every service step runs while the non-blocking task is still open; the onboarding waits for it.
    // (The task after the blocking one opened at its own time, not when the service steps reached it.)
    expect(step(open, 'buddy-intro').status).toBe('waiting_for_person');
    const servicesDone = await waitForState(handle, (s) => step(s, 'slack-notification').status === 'completed');
    expect(step(servicesDone, 'buddy-intro').status).toBe('waiting_for_person');
    expect(servicesDone.status).toBe('running');
    expect(await rejectionOf(handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'welcome-email' }] }))).toEqual({
      type: UPDATE_REJECTION_TYPES.notOpen,
      message: 'This onboarding has no task welcome-email.',
    });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'buddy-intro', note: 'Met for coffee', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(step(done, 'buddy-intro')).toMatchObject({ status: 'completed', completedBy: 'hr@example.com', note: 'Met for coffee' });
    expect(step(done, 'accounts')).toMatchObject({ status: 'completed', completedBy: 'it@example.com', link: { used: true } });
  });

  it('reminds the owner of an overdue task at its due time, then escalates to HR and reminds, each once', async () => {
    const id = 'overdue-1';
    const handle = await harness.start(id, {}, {}, {
      plan: planned(id, [{ key: 'paperwork', kind: 'task', label: 'Sign the paperwork', owner: 'hire', due: 'now+PT1S' }, ...SERVICES_AT_ONCE]),
      escalation: { escalateAfterMs: 800, remindEveryMs: 800, maxReminders: 2 },
    });
    const reminded = await waitForState(
      handle,
      (s) => s.events.filter((e) => e.type === 'reminder_sent' && e.message.startsWith('Reminder 2')).length === 1,
      30_000,
    );
    const types = reminded.events.filter((e) => e.step === 'paperwork').map((e) => e.type);
    expect(types).toEqual(['task.opened', 'link.sent', 'task.overdue', 'reminder_sent', 'escalated', 'reminder_sent', 'reminder_sent']);
    expect(step(reminded, 'paperwork').overdueSince).not.toBeNull();
    expect(step(reminded, 'paperwork').attentionSince).not.toBeNull();

    const calls = harness.world.callsFor(handle.workflowId);
    const hrSlack = calls.filter((c) => c.service === 'slack' && c.payload.channel === '#hr-onboarding');
    expect(hrSlack.map((c) => c.idempotencyKey.split(':').slice(2).join(':'))).toEqual([
      'paperwork:overdue-r0:escalated',
      'paperwork:overdue-r0:reminder-1',
      'paperwork:overdue-r0:reminder-2',
    ]);
    expect(String(hrSlack[0]?.payload.text)).toContain('Sign the paperwork');
    const ownerReminder = calls.filter((c) => c.service === 'email' && String(c.payload.subject).startsWith('Overdue:'));
    expect(ownerReminder).toHaveLength(1);
    expect(ownerReminder[0]?.payload.to).toBe(`${id}@example.com`);

    // The "Needs action" view finds it through OnboardingAttentionSince (set while the escalation runs).
    const atRisk = `${buildListQuery({ risk: atRiskClause(new Date()) }, false)} AND WorkflowId = '${handle.workflowId}'`;
    expect(await harness.env.client.workflow.count(atRisk)).toMatchObject({ count: 1 });
    // ...as an overdue task: the memo names no approval.
    expect((await handle.describe()).memo?.attentionReason).toBeUndefined();

    await handle.executeUpdate(completeTaskUpdate, { args: [{ step: 'paperwork', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(step(done, 'paperwork').attentionSince).toBeNull();
  });

  it('escalates a failed step to HR after ESCALATE_AFTER, reminds at most N times, and stops once someone decides', async () => {
    const id = 'escalate-1';
    const handle = await harness.start(id, { email: ['permanent'] }, {}, {
      escalation: { escalateAfterMs: 500, remindEveryMs: 500, maxReminders: 3 },
    });
    await waitForState(handle, (s) => s.events.filter((e) => e.type === 'reminder_sent').length === 3, 30_000);
    // No fourth reminder.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const state = await handle.query(progressQuery);
    expect(step(state, 'welcome-email').attentionSince).not.toBeNull();
    expect(state.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(state.events.filter((e) => e.type === 'reminder_sent')).toHaveLength(3);
    expect(state.events.find((e) => e.type === 'escalated')?.message).toBe(
      'HR told that Send welcome email failed: The email service rejected the request (HTTP 422)',
    );
    const hrMail = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'email' && c.payload.to === 'hr@example.com');
    expect(hrMail.map((c) => c.idempotencyKey.split(':').slice(3).join(':'))).toEqual([
      'failed-r0:escalated',
      'failed-r0:reminder-1',
      'failed-r0:reminder-2',
      'failed-r0:reminder-3',
    ]);
    expect(String(hrMail[0]?.payload.text)).toContain('http://dashboard.test/onboardings/x');

    await handle.executeUpdate(retryUpdate, { args: [{ step: 'welcome-email', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(step(done, 'welcome-email').attentionSince).toBeNull();
  });

  it('starts again under the same ID after a cancel, and only with restart', async () => {
    const id = 'again-1';
    const first = await harness.start(id, {}, {}, {
      plan: planned(id, [{ key: 'welcome-email', kind: 'service', service: 'welcome-email', at: 'now+PT1H' }, ...SERVICES_AT_ONCE]),
    });
    await waitForState(first, (s) => step(s, 'welcome-email').status === 'scheduled');
    await first.cancel();
    await expect(first.result()).rejects.toThrow();
    const description = await first.describe();
    expect(description.status.name).toBe('CANCELLED');

    const plan = planned(id, [{ key: 'welcome-email', kind: 'service', service: 'welcome-email' }, ...SERVICES_AT_ONCE]);
    // Without restart (REJECT_DUPLICATE) the ID stays taken; with it (ALLOW_DUPLICATE_FAILED_ONLY) a new run starts.
    await expect(harness.start(id, {}, {}, { plan, reusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE })).rejects.toThrow(
      WorkflowExecutionAlreadyStartedError,
    );
    const second = await harness.start(id, {}, {}, { plan, reusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY });
    expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    expect((await second.result()).status).toBe('completed');
    // A completed onboarding cannot be started again, even with restart.
    await expect(
      harness.start(id, {}, {}, { plan, reusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY }),
    ).rejects.toThrow(WorkflowExecutionAlreadyStartedError);
  });
});

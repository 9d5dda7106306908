/**
 * The assistant in the workflow: the learning-path approval loop (drafts, the approver's feedback, at most
 * three drafts for the approver, then HR; escalation when nobody answers) and the diagnosis recorded on a
 * step that needs a person, with AUTO_FIX=apply applying a sure fix once and never twice.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideApprovalUpdate,
  progressQuery,
  retryUpdate,
  UPDATE_REJECTION_TYPES,
  workflowIdFor,
  type OnboardingState,
  type PlannedStep,
  type StepState,
} from '../../temporal/shared/contract';
import type { Plan } from '../../temporal/shared/plans';
import { plannedPlan } from './support/plans';
import { createOpenAiLlmService } from '../../temporal/integrations/llm';
import { createHarness, waitForState, type Harness, type OnboardingHandle } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness('assistant-test');
});

afterAll(async () => {
  await harness?.close();
});

function planned(employeeId: string, steps: Plan['steps']): PlannedStep[] {
  return plannedPlan(employeeId, steps).steps;
}

const WITH_APPROVAL: Plan['steps'] = [
  { key: 'learning-path', kind: 'service', service: 'learning-path', approval: 'manager' },
  { key: 'crm-update', kind: 'service', service: 'crm-update' },
];

const HR_APPROVAL: Plan['steps'] = [
  { key: 'learning-path', kind: 'service', service: 'learning-path', approval: 'hr' },
  { key: 'crm-update', kind: 'service', service: 'crm-update' },
];

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

/** Waits until draft `round` waits for a decision, and returns its link's nonce. */
async function openDraft(handle: OnboardingHandle, round: number, approver: 'manager' | 'hr' = 'manager'): Promise<string | undefined> {
  const state = await waitForState(handle, (s) => {
    const approval = step(s, 'learning-path').approval;
    return approval?.open === true && approval.round === round && approval.approver === approver;
  });
  return step(state, 'learning-path').link?.nonce;
}

function titles(state: OnboardingState): string[] {
  const result = step(state, 'learning-path').result;
  return result && 'modules' in result ? result.modules.map((m) => m.title) : [];
}

function approvalMails(handle: OnboardingHandle) {
  return harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'email' && String(c.payload.subject).startsWith('Approve'));
}

describe('learning-path approval', () => {
  it('waits for the manager after the first draft; approving through the link completes the step with approvedBy', async () => {
    const handle = await harness.start('approve-1', {}, {}, { plan: planned('approve-1', WITH_APPROVAL) });
    const nonce = await openDraft(handle, 1);
    const waiting = await handle.query(progressQuery);
    expect(step(waiting, 'learning-path').status).toBe('waiting_for_person');
    // Later steps wait for the approval.
    expect(step(waiting, 'crm-update').status).toBe('pending');
    // The first draft is ready for approval, not a completed step.
    const learningEvents = waiting.events.filter((e) => e.step === 'learning-path').map((e) => `${e.type}: ${e.message}`);
    expect(learningEvents).toContain('approval.drafted: Draft 1 of the learning path is ready for approval (attempt 1 of 5)');
    expect(learningEvents.filter((e) => e.startsWith('step.completed'))).toEqual([]);
    const mails = approvalMails(handle);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.payload.to).toBe('manager@example.com');
    expect(String(mails[0]?.payload.text)).toContain('Software Engineer basics');

    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce, actor: 'Manager (by link)' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    const learning = step(done, 'learning-path');
    expect(learning.status).toBe('completed');
    expect(learning.approval?.approvedBy).toBe('Manager (by link)');
    expect(learning.completedBy).toBe('Manager (by link)');
    // The used link is refused from now on.
    expect(harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'llm')).toHaveLength(1);
  });

  it('sends feedback back to the model with the draft; two rounds of changes, then approval', async () => {
    const handle = await harness.start('approve-2', {}, {}, { plan: planned('approve-2', WITH_APPROVAL) });
    const first = await openDraft(handle, 1);
    await handle.executeUpdate(decideApprovalUpdate, {
      args: [{ step: 'learning-path', decision: 'request_changes', feedback: 'add security basics', nonce: first, actor: 'Manager (by link)' }],
    });
    const second = await openDraft(handle, 2);
    expect(second).not.toBe(first);
    expect(titles(await handle.query(progressQuery))).toEqual(['Software Engineer basics', 'security basics']);
    // The first link was used: a new draft has its own.
    expect(await rejectionOf(handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce: first }] }))).toMatchObject({
      type: UPDATE_REJECTION_TYPES.linkUsed,
    });
    // Request changes needs words.
    expect(await rejectionOf(handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'request_changes', nonce: second }] }))).toMatchObject({
      type: UPDATE_REJECTION_TYPES.notOpen,
    });
    await handle.executeUpdate(decideApprovalUpdate, {
      args: [{ step: 'learning-path', decision: 'request_changes', feedback: 'add code review', nonce: second, actor: 'Manager (by link)' }],
    });
    const third = await openDraft(handle, 3);
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce: third, actor: 'Manager (by link)' }] });

    const done = await handle.result();
    expect(titles(done)).toEqual(['Software Engineer basics', 'security basics', 'code review']);
    const approval = step(done, 'learning-path').approval;
    expect(approval?.drafts.map((d) => d.feedback)).toEqual([undefined, 'add security basics', 'add code review']);
    // The model got the previous draft and the feedback each time.
    const revisions = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'llm' && c.payload.revision);
    expect(revisions.map((c) => c.payload.feedback)).toEqual(['add security basics', 'add code review']);
    const secondDraft = revisions[1]?.payload.draft as { modules: { title: string }[] } | undefined;
    expect(secondDraft?.modules.map((m) => m.title)).toContain('security basics');
    // The activity log tells the story: each draft and the feedback that produced the next.
    const story = done.events.filter((e) => e.type.startsWith('approval.')).map((e) => e.type);
    expect(story).toEqual([
      'approval.drafted',
      'approval.requested',
      'approval.changes_requested',
      'approval.drafted',
      'approval.requested',
      'approval.changes_requested',
      'approval.drafted',
      'approval.requested',
      'approval.approved',
    ]);
    expect(approvalMails(handle)).toHaveLength(3);
  });

  it('hands the decision to HR after the third draft; the manager’s link then no longer works and HR decides on the dashboard', async () => {
    const handle = await harness.start('approve-3', {}, {}, { plan: planned('approve-3', WITH_APPROVAL) });
    let lastNonce: string | undefined;
    for (const round of [1, 2, 3]) {
      lastNonce = await openDraft(handle, round);
      await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ step: 'learning-path', decision: 'request_changes', feedback: `add topic ${round}`, nonce: lastNonce, actor: 'Manager (by link)' }],
      });
    }
    expect(await openDraft(handle, 3, 'hr')).toBeUndefined();
    expect(
      await rejectionOf(handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce: lastNonce }] })),
    ).toMatchObject({ type: UPDATE_REJECTION_TYPES.linkUsed });
    const state = await handle.query(progressQuery);
    expect(step(state, 'learning-path').owner).toBe('hr');
    expect(state.events.map((e) => e.type)).toContain('approval.handed_to_hr');
    // Only two revisions: the third feedback went to HR, not to the model.
    expect(harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'llm' && c.payload.revision)).toHaveLength(2);
    // HR hears of it at once (not after ESCALATE_AFTER).
    await waitForState(handle, (s) => s.events.some((e) => e.type === 'escalated' && e.step === 'learning-path'));
    const hrMail = harness.world.callsFor(handle.workflowId).find((c) => c.service === 'email' && c.payload.to === 'hr@example.com');
    expect(String(hrMail?.payload.subject)).toContain('Generate learning path');

    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(step(done, 'learning-path').approval?.approvedBy).toBe('hr@example.com');
    expect(titles(done)).toEqual(['Software Engineer basics', 'topic 1', 'topic 2']);
  });

  it('stops an approval the plan gives to HR after 3 rounds of feedback too: no more links, HR decides on the dashboard', async () => {
    const handle = await harness.start('approve-hr', {}, {}, { plan: planned('approve-hr', HR_APPROVAL) });
    let lastNonce: string | undefined;
    for (const round of [1, 2, 3]) {
      lastNonce = await openDraft(handle, round, 'hr');
      expect(lastNonce).toBeDefined();
      await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ step: 'learning-path', decision: 'request_changes', feedback: `add topic ${round}`, nonce: lastNonce, actor: 'HR (by link)' }],
      });
    }
    const stopped = await waitForState(
      handle,
      (s) => s.events.some((e) => e.type === 'approval.handed_to_hr') && step(s, 'learning-path').approval?.open === true,
    );
    const learning = step(stopped, 'learning-path');
    expect(learning.approval?.round).toBe(3);
    // No link to a fourth round, and the last one is spent.
    expect(learning.link ?? null).toBeNull();
    expect(
      await rejectionOf(handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce: lastNonce }] })),
    ).toMatchObject({ type: UPDATE_REJECTION_TYPES.linkUsed });
    expect(stopped.events.find((e) => e.type === 'approval.handed_to_hr')?.message).toBe(
      'HR asked for changes to 3 drafts: HR decides on the dashboard now (approve draft 3, or request changes)',
    );
    // The third feedback went to nobody's model: two revisions, three links.
    expect(harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'llm' && c.payload.revision)).toHaveLength(2);
    expect(approvalMails(handle).map((m) => m.payload.to)).toEqual(['hr@example.com', 'hr@example.com', 'hr@example.com']);
    // HR hears of it at once, on Slack and by e-mail, as for a manager's approval handed over.
    await waitForState(handle, (s) => s.events.some((e) => e.type === 'escalated' && e.step === 'learning-path'));

    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(step(done, 'learning-path').approval?.approvedBy).toBe('hr@example.com');
    expect(titles(done)).toEqual(['Software Engineer basics', 'topic 1', 'topic 2']);
  });

  it('escalates an approval nobody answers, then reminds HR', async () => {
    const handle = await harness.start('approve-4', {}, {}, {
      plan: planned('approve-4', WITH_APPROVAL),
      escalation: { escalateAfterMs: 300, remindEveryMs: 300, maxReminders: 1 },
    });
    const nonce = await openDraft(handle, 1);
    const escalated = await waitForState(handle, (s) => s.events.some((e) => e.type === 'reminder_sent' && e.step === 'learning-path'));
    expect(escalated.events.find((e) => e.type === 'escalated')?.message).toContain("waits for the manager's approval");
    expect(step(escalated, 'learning-path').attentionSince).not.toBeNull();
    // The list's "Needs action" view names it "Approval waiting" from the memo.
    expect((await handle.describe()).memo?.attentionReason).toBe('approval');
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce }] });
    const done = await handle.result();
    expect(step(done, 'learning-path').attentionSince).toBeNull();
    expect((await handle.describe()).memo?.attentionReason).toBeUndefined();
    expect(done.status).toBe('completed');
  });
});

describe('diagnosis', () => {
  it.each([
    {
      kind: 'an unknown Slack channel',
      script: { slack: ['permanent' as const] },
      hire: { slackChannel: '#onbording-team' },
      stepKey: 'slack-notification',
      patch: { slackChannel: '#onboarding-team' },
      confidence: 0.95,
    },
    {
      kind: 'an undeliverable address',
      script: { email: ['permanent' as const] },
      hire: { email: 'zoe@exmaple.com' },
      stepKey: 'welcome-email',
      patch: { email: 'zoe@example.com' },
      confidence: 0.95,
    },
    {
      kind: 'a role the model cannot place',
      script: { llm: ['invalid' as const] },
      hire: { role: 'Sofware Engineer' },
      stepKey: 'learning-path',
      patch: { role: 'Software Engineer' },
      confidence: 0.92,
    },
    { kind: 'a missing CRM contact', script: { crm: ['not_found' as const] }, hire: {}, stepKey: 'crm-update', patch: undefined, confidence: 0.8 },
    // No model in this harness: "no safe fix", a person decides.
    { kind: 'a failure no rule covers', script: { crm: ['permanent' as const] }, hire: {}, stepKey: 'crm-update', patch: undefined, confidence: 0, source: 'llm' },
  ])('records a diagnosis for $kind on the step, and a retry with its patch completes it', async ({ script, hire, stepKey, patch, confidence, source = 'rules' }) => {
    const id = `diagnose-${stepKey}-${confidence}`;
    const handle = await harness.start(id, script, hire);
    const failed = await waitForState(handle, (s) => s.status === 'needs_attention' && step(s, stepKey).diagnosis != null);
    const diagnosis = step(failed, stepKey).diagnosis;
    expect(diagnosis?.confidence).toBe(confidence);
    expect(diagnosis?.source).toBe(source);
    expect(diagnosis?.suggestion?.patch).toEqual(patch);
    expect(failed.events).toContainEqual(expect.objectContaining({ type: 'step.diagnosed', step: stepKey, actor: 'assistant' }));
    // AUTO_FIX=suggest (the default) applies nothing by itself.
    expect(failed.events.map((e) => e.type)).not.toContain('fix.applied');

    // "Apply fix and retry" is a retry with the suggested patch, by a person.
    await handle.executeUpdate(retryUpdate, { args: [{ step: stepKey as never, ...(patch ? { patch } : {}), actor: 'hr@example.com' }] });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(step(done, stepKey).diagnosis).toBeNull();
  });

  it('records no diagnosis with AUTO_FIX=off', async () => {
    const handle = await harness.start('diagnose-off', { slack: ['permanent'] }, { slackChannel: '#onbording-team' }, { autoFix: 'off' });
    const failed = await waitForState(handle, (s) => s.status === 'needs_attention');
    expect(step(failed, 'slack-notification').diagnosis ?? null).toBeNull();
    await handle.executeUpdate(retryUpdate, { args: [{ step: 'slack-notification', patch: { slackChannel: '#general' } }] });
    await handle.result();
  });
});

describe('AUTO_FIX=apply', () => {
  it('applies a sure fix itself, as the assistant, and the onboarding completes', async () => {
    const handle = await harness.start('autofix-1', { slack: ['permanent'] }, { slackChannel: '#onbording-team' }, { autoFix: 'apply' });
    const done = await handle.result();
    expect(done.status).toBe('completed');
    expect(done.input.slackChannel).toBe('#onboarding-team');
    expect(done.events).toContainEqual(expect.objectContaining({ type: 'fix.applied', step: 'slack-notification', actor: 'assistant' }));
    const posts = harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'slack');
    expect(posts.map((c) => c.payload.channel)).toEqual(['#onbording-team', '#onboarding-team']);
  });

  it('applies a fix once, not twice: when it fails again, HR is told at once and a person decides', async () => {
    const handle = await harness.start('autofix-2', { slack: ['permanent', 'permanent'] }, { slackChannel: '#onbording-team' }, { autoFix: 'apply' });
    const stuck = await waitForState(handle, (s) => s.status === 'needs_attention' && s.events.some((e) => e.type === 'escalated'));
    expect(stuck.events.filter((e) => e.type === 'fix.applied')).toHaveLength(1);
    expect(step(stuck, 'slack-notification').autoFixed).toBe(true);
    // Still waiting: nothing loops.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await handle.query(progressQuery);
    expect(later.status).toBe('needs_attention');
    expect(harness.world.callsFor(handle.workflowId).filter((c) => c.service === 'slack' && c.payload.channel !== '#hr-onboarding')).toHaveLength(2);
    await handle.executeUpdate(retryUpdate, { args: [{ step: 'slack-notification', patch: { slackChannel: '#general' }, actor: 'hr@example.com' }] });
    expect((await handle.result()).status).toBe('completed');
  });

  it('never applies a suggestion below the confidence threshold', async () => {
    // "#onboarding" is 5 edits from "#onboarding-team": a suggestion at most, never applied by itself.
    const handle = await harness.start('autofix-3', { slack: ['permanent'] }, { slackChannel: '#hr-onbrding-team' }, { autoFix: 'apply' });
    const failed = await waitForState(handle, (s) => s.status === 'needs_attention' && step(s, 'slack-notification').diagnosis != null);
    const diagnosis = step(failed, 'slack-notification').diagnosis;
    expect(diagnosis?.confidence ?? 0).toBeLessThan(0.9);
    expect(failed.events.map((e) => e.type)).not.toContain('fix.applied');
    await handle.executeUpdate(retryUpdate, { args: [{ step: 'slack-notification', patch: { slackChannel: '#general' } }] });
    await handle.result();
  });
});

/** Two fake OpenAI-compatible providers (primary.test, fallback.test), each answering from its queue; 503 when it runs dry. */
function providers(primary: number[], fallback: number[]) {
  const seen: { host: string; model: string; key: string | null }[] = [];
  const content = JSON.stringify({ modules: [{ title: 'Codebase tour', durationHours: 3, why: 'Know the code' }] });
  const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { model: string };
    seen.push({ host: url.host, model: body.model, key: new Headers(init?.headers).get('idempotency-key') });
    const status = (url.host === 'primary.test' ? primary : fallback).shift() ?? 503;
    if (status !== 200) return Promise.resolve(Response.json({ error: { message: 'overloaded' } }, { status }));
    return Promise.resolve(
      Response.json({
        id: 'c1',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        usage: { prompt_tokens: 40, completion_tokens: 20, total_tokens: 60 },
      }),
    );
  }) as typeof fetch;
  const llm = createOpenAiLlmService({
    baseUrl: 'http://primary.test/v1',
    apiKey: 'k1',
    model: 'primary-model',
    timeoutMs: 2_000,
    fetchImpl,
    fallback: { baseUrl: 'http://fallback.test/v1', apiKey: 'k2', model: 'fallback-model' },
  });
  return { seen, llm };
}

describe('LLM fallback', () => {
  it('asks the fallback model after 3 transient failures of the primary within the step, and says so on the step', async () => {
    const { seen, llm } = providers([503, 503, 503], [200]);
    harness.world.useLlm(workflowIdFor('fallback-1'), llm);
    const handle = await harness.start('fallback-1');
    const done = await handle.result();
    expect(done.status).toBe('completed');
    const learning = step(done, 'learning-path');
    expect(learning.attempt).toBe(4);
    expect(learning.result).toMatchObject({ model: 'fallback-model', note: 'answered by fallback model fallback-model', tokens: { prompt: 40, completion: 20 } });
    expect(done.events.filter((e) => e.type === 'step.retrying' && e.step === 'learning-path')).toHaveLength(3);
    expect(done.events.find((e) => e.type === 'step.completed' && e.step === 'learning-path')?.message).toBe(
      'Generate learning path completed on attempt 4 of 5 (answered by fallback model fallback-model)',
    );
    // Three asks of the primary under one key, then one of the fallback under its own.
    expect(seen.map((s) => `${s.host} ${s.model}`)).toEqual([
      'primary.test primary-model',
      'primary.test primary-model',
      'primary.test primary-model',
      'fallback.test fallback-model',
    ]);
    const primaryKey = seen[0]?.key;
    expect(new Set(seen.slice(0, 3).map((s) => s.key))).toEqual(new Set([primaryKey]));
    expect(seen[3]?.key).toBe(`${primaryKey}:fallback`);
  });

  it('stays with the primary model when it recovers within 3 attempts', async () => {
    const { seen, llm } = providers([503, 503, 200], []);
    harness.world.useLlm(workflowIdFor('fallback-2'), llm);
    const done = await (await harness.start('fallback-2')).result();
    const learning = step(done, 'learning-path');
    expect(learning.attempt).toBe(3);
    expect(learning.result).toMatchObject({ model: 'primary-model' });
    expect(learning.result && 'note' in learning.result ? learning.result.note : undefined).toBeUndefined();
    expect(seen.map((s) => s.host)).toEqual(['primary.test', 'primary.test', 'primary.test']);
  });
});

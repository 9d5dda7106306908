/**
 * The per-service breaker against a real local Temporal server, with the real activities, the real
 * breaker gate and a scripted outside world: it opens by itself after BREAKER_FAILURES transient
 * failures and lets one probe through after the cooldown; a pause holds a step without using
 * attempts, across a worker restart, and a resume lets it run at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ApiError } from '../../server/api/errors';
import { listBreakers, pauseBreaker, resumeBreaker, type BreakerTarget } from '../../server/temporal/services';
import { createActivities } from '../../temporal/activities';
import { createBreakerGate } from '../../temporal/activities/breaker-gate';
import { breakerStateQuery, breakerStatsQuery, breakerWorkflowId, type BreakerSettings } from '../../temporal/shared/breaker';
import { plannedPlan } from './support/plans';
import {
  attemptFailedSignal,
  decideApprovalUpdate,
  SA_ATTENTION_SINCE,
  SA_NAME_TOKENS,
  SA_START_DATE,
  SA_STATUS,
  SA_STEP,
  workflowIdFor,
  type OnboardingInput,
} from '../../temporal/shared/contract';
import type { onboardingWorkflow } from '../../temporal/workflows';
import { FakeWorld, type Script } from './support/fake-services';
import { hireFor, QUIET_ESCALATION, temporalCliPath, waitForState, WORKFLOWS_PATH } from './support/harness';

const TASK_QUEUE = 'breaker-test';
const SETTINGS: BreakerSettings = { failures: 2, windowMs: 60_000, cooldownMs: 1_500 };

let env: TestWorkflowEnvironment;
const world = new FakeWorld();
let worker: { shutdown(): Promise<void> };

async function startWorker(): Promise<{ shutdown(): Promise<void> }> {
  const created = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({
      ...world.services(),
      heartbeatIntervalMs: 100,
      // A fresh gate per worker: its cache starts empty, as after a real restart.
      breakers: createBreakerGate(env.client, { taskQueue: TASK_QUEUE, settings: SETTINGS, warn: () => undefined }),
      reportAttemptFailure: async ({ workflowId, runId, ...failure }) => {
        await env.client.workflow.getHandle(workflowId, runId).signal(attemptFailedSignal, failure);
      },
    }),
    maxHeartbeatThrottleInterval: '100ms',
    defaultHeartbeatThrottleInterval: '100ms',
  });
  const running = created.run();
  return {
    async shutdown() {
      created.shutdown();
      await running;
    },
  };
}

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed by another file in this process.
  }
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await temporalCliPath() },
      searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS, SA_START_DATE, SA_ATTENTION_SINCE],
      extraArgs: ['--log-level', 'error'],
    },
  });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.shutdown();
  await env?.teardown();
});

const target = (): BreakerTarget => ({ client: env.client, taskQueue: TASK_QUEUE, settings: SETTINGS });

/** A standard run (the breaker patch is on for every new run). */
function start(employeeId: string, script: Script, more: Partial<OnboardingInput> = {}) {
  const workflowId = workflowIdFor(employeeId);
  world.script(workflowId, script);
  const input: OnboardingInput = { hire: hireFor(employeeId), retry: { initialInterval: '50ms', maximumInterval: '200ms' }, ...more };
  return env.client.workflow.start<typeof onboardingWorkflow>('onboardingWorkflow', {
    workflowId,
    taskQueue: TASK_QUEUE,
    args: [input],
    typedSearchAttributes: [
      { key: SA_STATUS, value: 'running' },
      { key: SA_STEP, value: 'welcome-email' },
    ],
  });
}

const slackCalls = (workflowId: string) => world.callsFor(workflowId).filter((call) => call.service === 'slack');

describe('service breaker', () => {
  it('opens after BREAKER_FAILURES transient failures, holds the step, and closes after a failed then a good probe', async () => {
    // Two failures open it (SETTINGS.failures); the first probe fails too and re-opens it; the second succeeds.
    const handle = await start('breaker-open-1', { slack: ['transient', 'transient', 'transient'] });
    const held = await waitForState(handle, (s) => s.steps[3]?.status === 'waiting');
    expect(held.steps[3]?.waitingReason).toBe('Slack breaker open after 2 failures');
    expect(held.status).toBe('running');
    const breaker = env.client.workflow.getHandle(breakerWorkflowId('slack'));
    expect(await breaker.query(breakerStateQuery)).toMatchObject({ state: 'open', failureStreak: 2 });
    // The cooldown holds every call back: no third call until the probe.
    expect(slackCalls(handle.workflowId)).toHaveLength(2);

    const done = await waitForState(handle, (s) => s.status === 'completed', 15_000);
    // 2 failures + 1 failed probe + 1 good probe: nothing else reached the service.
    expect(slackCalls(handle.workflowId).map((call) => call.outcome)).toEqual(['transient', 'transient', 'transient', 'ok']);
    expect(done.events.filter((event) => event.type === 'step.waiting')).toHaveLength(2);
    expect(done.steps[3]).toMatchObject({ status: 'completed', attempt: 1 });
    expect(await breaker.query(breakerStateQuery)).toMatchObject({ state: 'closed', failureStreak: 0, reason: null });
    // What the chaos runs report: one opening, two probes (one failed), each woke the onboarding; nobody waits.
    const stats = await breaker.query(breakerStatsQuery);
    expect(stats).toMatchObject({ service: 'slack', state: 'closed', waiting: 0, opened: 1, probes: 2, probesFailed: 1, released: 2 });
    expect(stats.openMs).toBeGreaterThan(0);
  });

  it('holds a step of a paused service without using attempts, across a worker restart, and runs it within 2 s of the resume', async () => {
    await expect(pauseBreaker(target(), 'crm', '   ')).rejects.toMatchObject({ code: 'invalid_input' });
    const paused = await pauseBreaker(target(), 'crm', 'CRM maintenance', 'hr@example.com');
    expect(paused).toMatchObject({ service: 'crm', state: 'paused', reason: 'CRM maintenance' });

    const handle = await start('breaker-pause-1', {});
    const held = await waitForState(handle, (s) => s.steps[2]?.status === 'waiting');
    expect(held.steps[2]).toMatchObject({ waitingReason: 'CRM paused: CRM maintenance', attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(world.callsFor(handle.workflowId).filter((call) => call.service === 'crm')).toHaveLength(0);

    // Everything the breaker knows is in Temporal: a new worker (with an empty cache) sees the same.
    await worker.shutdown();
    worker = await startWorker();
    const views = await listBreakers(env.client);
    expect(views.find((view) => view.service === 'crm')).toMatchObject({ state: 'paused', reason: 'CRM maintenance' });
    expect((await waitForState(handle, () => true)).steps[2]?.status).toBe('waiting');

    const resumedAt = Date.now();
    expect(await resumeBreaker(target(), 'crm', 'hr@example.com')).toMatchObject({ state: 'closed' });
    await waitForState(handle, (s) => s.steps[2]?.status === 'completed', 5_000);
    expect(Date.now() - resumedAt).toBeLessThan(2_000);
    const done = await waitForState(handle, (s) => s.status === 'completed');
    expect(done.steps[2]).toMatchObject({ status: 'completed', attempt: 1 });
    expect(world.callsFor(handle.workflowId).filter((call) => call.service === 'crm')).toHaveLength(1);
  });

  it('holds a revision of the learning path while the LLM is paused, and writes it once resumed', async () => {
    const employeeId = 'breaker-revise-1';
    const steps = [{ key: 'learning-path', kind: 'service' as const, service: 'learning-path' as const, approval: 'manager' as const }];
    const plan = plannedPlan(employeeId, steps);
    const handle = await start(employeeId, {}, { plan, escalation: QUIET_ESCALATION });
    const learning = (s: Awaited<ReturnType<typeof waitForState>>) => s.steps.find((step) => step.key === 'learning-path');
    await waitForState(handle, (s) => learning(s)?.approval?.open === true);
    await pauseBreaker(target(), 'llm', 'Model upgrade', 'hr@example.com');
    await handle.executeUpdate(decideApprovalUpdate, {
      args: [{ step: 'learning-path', decision: 'request_changes', feedback: 'add security basics', actor: 'hr@example.com' }],
    });
    const held = await waitForState(handle, (s) => learning(s)?.status === 'waiting');
    expect(learning(held)).toMatchObject({ waitingReason: 'LLM paused: Model upgrade', attempt: 1 });
    expect(held.events.filter((event) => event.type === 'step.waiting').map((event) => event.message)).toEqual([
      'Generate learning path waits: LLM paused: Model upgrade',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const revisions = () => world.callsFor(handle.workflowId).filter((call) => call.service === 'llm' && call.payload.revision);
    expect(revisions()).toHaveLength(0);

    await resumeBreaker(target(), 'llm', 'hr@example.com');
    const drafted = await waitForState(handle, (s) => learning(s)?.approval?.open === true && learning(s)?.approval?.round === 2, 5_000);
    expect(learning(drafted)?.approval?.drafts.at(-1)?.modules.map((module) => module.title)).toContain('security basics');
    expect(learning(drafted)?.attempt).toBe(1);
    expect(revisions()).toHaveLength(1);
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', actor: 'hr@example.com' }] });
    expect((await handle.result()).status).toBe('completed');
  });

  it('refuses to resume a service that is not paused', async () => {
    const error: unknown = await resumeBreaker(target(), 'email').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_paused' });
  });

  it('leaves a step alone while its breaker is closed', async () => {
    const handle = await start('breaker-closed-1', { email: ['transient'] });
    const done = await waitForState(handle, (s) => s.status === 'completed');
    expect(done.events.some((event) => event.type === 'step.waiting')).toBe(false);
    expect(done.steps[0]).toMatchObject({ status: 'completed', attempt: 2 });
  });
});

/**
 * One local Temporal server and one worker per test file (or recording run), running the real
 * workflow and the real activities against a FakeWorld.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import {
  attemptFailedSignal,
  progressQuery,
  SA_NAME_TOKENS,
  SA_STATUS,
  SA_STEP,
  workflowIdFor,
  type NewHire,
  type OnboardingInput,
  type OnboardingMemo,
  type OnboardingState,
} from '../../../temporal/shared/contract';
import { createActivities } from '../../../temporal/activities';
import type { onboardingWorkflow } from '../../../temporal/workflows';
import { FakeWorld, type Script } from './fake-services';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const WORKFLOWS_PATH = path.join(REPO_ROOT, 'temporal/workflows/index.ts');
const FALLBACK_CLI_PATH = '/root/.cache/onboarding-dashboard/temporal-cli/1.5.1/temporal';

export type OnboardingHandle = WorkflowHandle<typeof onboardingWorkflow>;
export type StartedOnboarding = WorkflowHandleWithFirstExecutionRunId<typeof onboardingWorkflow>;

/** The project's Temporal CLI: the ops script finds or installs it; the known cache path otherwise. */
async function temporalCliPath(): Promise<string> {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  try {
    const specifier = pathToFileURL(path.join(REPO_ROOT, 'scripts/lib/temporal-cli.mjs')).href;
    const mod = (await import(specifier)) as { ensureTemporalCli?: (options?: { log?: (line: string) => void }) => Promise<string> };
    if (mod.ensureTemporalCli) return await mod.ensureTemporalCli({ log: () => undefined });
  } catch {
    // Fall through to the cached binary the machine setup provides.
  }
  return FALLBACK_CLI_PATH;
}

export function hireFor(employeeId: string, overrides: Partial<NewHire> = {}): NewHire {
  return {
    employeeId,
    fullName: 'Zoë O’Brien',
    email: `${employeeId}@example.com`,
    role: 'Software Engineer',
    department: 'Engineering',
    startDate: '2026-12-01',
    managerEmail: 'manager@example.com',
    slackChannel: '#onboarding-team',
    ...overrides,
  };
}

export interface Harness {
  env: TestWorkflowEnvironment;
  world: FakeWorld;
  taskQueue: string;
  start(employeeId: string, script?: Script, hire?: Partial<NewHire>): Promise<StartedOnboarding>;
  close(): Promise<void>;
}

/** Failed attempts are the point of these tests: keep the SDK's warnings about them out of the output. */
function quietSdkLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this process: keep that one.
  }
}

export async function createHarness(taskQueue = 'onboarding-test'): Promise<Harness> {
  quietSdkLogs();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await temporalCliPath() },
      searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS],
      extraArgs: ['--log-level', 'error'],
    },
  });
  const world = new FakeWorld();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({
      ...world.services(),
      heartbeatIntervalMs: 100,
      reportAttemptFailure: async ({ workflowId, runId, ...failure }) => {
        await env.client.workflow.getHandle(workflowId, runId).signal(attemptFailedSignal, failure);
      },
    }),
    // Cancellation travels with heartbeats: keep them quick so cancel tests take milliseconds, not seconds.
    maxHeartbeatThrottleInterval: '100ms',
    defaultHeartbeatThrottleInterval: '100ms',
  });
  const running = worker.run();

  return {
    env,
    world,
    taskQueue,
    async start(employeeId, script = {}, overrides = {}) {
      const hire = hireFor(employeeId, overrides);
      const workflowId = workflowIdFor(employeeId);
      world.script(workflowId, script);
      const input: OnboardingInput = {
        hire,
        retry: { initialInterval: '50ms', maximumInterval: '200ms' },
        requestedBy: 'hr@example.com',
      };
      const memo: OnboardingMemo = {
        employeeId,
        fullName: hire.fullName,
        role: hire.role,
        department: hire.department,
        startDate: hire.startDate,
      };
      return env.client.workflow.start<typeof onboardingWorkflow>('onboardingWorkflow', {
        workflowId,
        taskQueue,
        args: [input],
        memo,
        typedSearchAttributes: [
          { key: SA_STATUS, value: 'running' },
          { key: SA_STEP, value: 'welcome-email' },
        ],
      });
    },
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** Polls the `progress` query until `predicate` holds (queries are cheap on a local server). */
export async function waitForState(
  handle: OnboardingHandle,
  predicate: (state: OnboardingState) => boolean,
  timeoutMs = 20_000,
): Promise<OnboardingState> {
  const deadline = Date.now() + timeoutMs;
  let last: OnboardingState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(progressQuery);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for the onboarding state; last seen: ${JSON.stringify(last, null, 2)}`);
}

export async function waitUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * One local Temporal server and one worker per test file (or recording run), running the real
 * workflow and the real activities against a FakeWorld.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowIdReusePolicy } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import {
  attemptFailedSignal,
  progressQuery,
  SA_NAME_TOKENS,
  SA_STATUS,
  SA_STEP,
  SA_ATTENTION_SINCE,
  SA_START_DATE,
  STEP_KEYS,
  STEP_LABELS,
  workflowIdFor,
  type EscalationSettings,
  type PlannedStep,
  type NewHire,
  type OnboardingInput,
  type OnboardingMemo,
  type OnboardingState,
} from '../../../temporal/shared/contract';
import { createActivities, createAssistantActivities } from '../../../temporal/activities';
import type { onboardingWorkflow } from '../../../temporal/workflows';
import { FakeWorld, type Script } from './fake-services';
import { signLink } from '../../../common/links';

/** The secret the test worker signs owners' links with. */
export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789abcdef';
export const TEST_APP_URL = 'http://dashboard.test';

/** The standard plan as the web app copies it into a new run's input. */
export const STANDARD_PLAN: PlannedStep[] = STEP_KEYS.map((key) => ({ key, kind: 'service', service: key, label: STEP_LABELS[key] }));

/** What the web app sends with every new run; escalation far away unless a test brings it closer. */
export const QUIET_ESCALATION: EscalationSettings = {
  escalateAfterMs: 3_600_000,
  remindEveryMs: 3_600_000,
  maxReminders: 3,
  hrEmail: 'hr@example.com',
  hrSlackChannel: '#hr-onboarding',
  dashboardUrl: 'http://dashboard.test/onboardings/x',
  linkTtlMs: 3_600_000,
};

export interface StartOptions {
  /** The plan's steps (default: the standard plan); `legacy` starts a run as the web app did before plans. */
  plan?: PlannedStep[] | 'legacy';
  escalation?: Partial<EscalationSettings>;
  /** As the web app starts a run: REJECT_DUPLICATE, or ALLOW_DUPLICATE_FAILED_ONLY with `restart: true`. */
  reusePolicy?: WorkflowIdReusePolicy;
  /** AUTO_FIX as the web app copies it into the input (absent: `suggest`). */
  autoFix?: 'off' | 'suggest' | 'apply';
}

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const WORKFLOWS_PATH = path.join(REPO_ROOT, 'temporal/workflows/index.ts');
const FALLBACK_CLI_PATH = '/root/.cache/onboarding-dashboard/temporal-cli/1.5.1/temporal';

export type OnboardingHandle = WorkflowHandle<typeof onboardingWorkflow>;
export type StartedOnboarding = WorkflowHandleWithFirstExecutionRunId<typeof onboardingWorkflow>;

/** The project's Temporal CLI: the ops script finds or installs it; the known cache path otherwise. */
export async function temporalCliPath(): Promise<string> {
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
  start(employeeId: string, script?: Script, hire?: Partial<NewHire>, options?: StartOptions): Promise<StartedOnboarding>;
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
      searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS, SA_START_DATE, SA_ATTENTION_SINCE],
      extraArgs: ['--log-level', 'error'],
    },
  });
  const world = new FakeWorld();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: {
      // The assistant without a model: rules only (a failure no rule covers gets "no safe fix").
      ...createAssistantActivities({ slack: world.services().slack }),
      ...createActivities({
        ...world.services(),
        heartbeatIntervalMs: 100,
        links: { sign: (claims) => signLink(claims, TEST_LINK_SECRET), appUrl: TEST_APP_URL },
        reportAttemptFailure: async ({ workflowId, runId, ...failure }) => {
          await env.client.workflow.getHandle(workflowId, runId).signal(attemptFailedSignal, failure);
        },
      }),
    },
    // Cancellation travels with heartbeats: keep them quick so cancel tests take milliseconds, not seconds.
    maxHeartbeatThrottleInterval: '100ms',
    defaultHeartbeatThrottleInterval: '100ms',
  });
  const running = worker.run();

  return {
    env,
    world,
    taskQueue,
    async start(employeeId, script = {}, overrides = {}, options = {}) {
      const hire = hireFor(employeeId, overrides);
      const workflowId = workflowIdFor(employeeId);
      world.script(workflowId, script);
      const input: OnboardingInput = {
        hire,
        retry: { initialInterval: '50ms', maximumInterval: '200ms' },
        requestedBy: 'hr@example.com',
        ...(options.plan === 'legacy'
          ? {}
          : {
              plan: { id: 'test', name: 'Test plan', steps: options.plan ?? STANDARD_PLAN },
              escalation: { ...QUIET_ESCALATION, ...options.escalation },
              ...(options.autoFix ? { assistant: { autoFix: options.autoFix } } : {}),
            }),
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
        ...(options.reusePolicy === undefined ? {} : { workflowIdReusePolicy: options.reusePolicy }),
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

/**
 * The paths an onboarding can take, each a script for the fake world plus what a person does.
 * The workflow tests assert on them; scripts/record-histories.ts records their histories for replay.
 */
import { cancelRequestedSignal, decideApprovalUpdate, retryUpdate, skipUpdate, type OnboardingState } from '../../../temporal/shared/contract';
import { plannedPlan } from './plans';
import type { Script } from './fake-services';
import { waitForState, waitUntil, type Harness, type OnboardingHandle, type StartedOnboarding, type StartOptions } from './harness';

interface Scenario {
  /** Also the history file's name. */
  name: string;
  employeeId: string;
  script: Script;
  /** What people do while it runs. */
  drive(handle: OnboardingHandle, harness: Harness): Promise<void>;
  /** Ends in Temporal's Canceled state rather than completing. */
  endsCancelled?: boolean;
  /** How the web app starts it (its plan), when not the standard plan. */
  start?: (employeeId: string) => StartOptions;
  /** The first recorded generation that has it (tests/histories/<n>-…): the path did not exist before. */
  sinceGeneration?: number;
}

/** The nonce of the learning path's open draft `round`, once the workflow waits for it. */
async function openDraft(handle: OnboardingHandle, round: number): Promise<string | undefined> {
  const learning = (state: OnboardingState) => state.steps.find((step) => step.key === 'learning-path');
  const state = await waitForState(handle, (s) => learning(s)?.approval?.open === true && learning(s)?.approval?.round === round);
  return learning(state)?.link?.nonce;
}

export const SCENARIOS = {
  happy: {
    name: 'happy-path',
    employeeId: 'happy-1',
    script: {},
    drive: () => Promise.resolve(),
  },
  transientRetry: {
    name: 'transient-retry',
    employeeId: 'transient-1',
    script: { email: ['transient', 'transient'] },
    drive: () => Promise.resolve(),
  },
  retryWithPatch: {
    name: 'needs-attention-retry-with-patch',
    employeeId: 'patch-1',
    script: { slack: ['permanent'] },
    drive: async (handle) => {
      await waitForState(handle, (s) => s.status === 'needs_attention');
      await handle.executeUpdate(retryUpdate, {
        args: [{ step: 'slack-notification', patch: { slackChannel: '#general' }, actor: 'hr@example.com' }],
      });
    },
  },
  skip: {
    name: 'skip',
    employeeId: 'skip-1',
    script: { llm: ['permanent'] },
    drive: async (handle) => {
      await waitForState(handle, (s) => s.status === 'needs_attention');
      await handle.executeUpdate(skipUpdate, { args: [{ step: 'learning-path', actor: 'hr@example.com' }] });
    },
  },
  cancelWithCompensation: {
    name: 'cancel-with-compensation',
    employeeId: 'cancel-1',
    script: { slack: ['hang'] },
    endsCancelled: true,
    drive: async (handle, harness) => {
      await waitUntil(
        () => harness.world.callsFor(handle.workflowId).some((c) => c.service === 'slack'),
        'the Slack announcement is in flight',
      );
      await handle.signal(cancelRequestedSignal, { actor: 'lead@example.com' });
      await handle.cancel();
    },
  },
  approvalWithFeedback: {
    name: 'approval-with-feedback',
    employeeId: 'approval-1',
    script: {},
    sinceGeneration: 6,
    start: (employeeId) => ({
      plan: plannedPlan(
        employeeId,
        [
          { key: 'learning-path', kind: 'service', service: 'learning-path', approval: 'manager' },
          { key: 'crm-update', kind: 'service', service: 'crm-update' },
        ],
        { id: 'approval', name: 'Approval plan' },
      ).steps,
    }),
    drive: async (handle) => {
      const first = await openDraft(handle, 1);
      await handle.executeUpdate(decideApprovalUpdate, {
        args: [{ step: 'learning-path', decision: 'request_changes', feedback: 'add security basics', nonce: first, actor: 'Manager (by link)' }],
      });
      const second = await openDraft(handle, 2);
      await handle.executeUpdate(decideApprovalUpdate, { args: [{ step: 'learning-path', decision: 'approve', nonce: second, actor: 'Manager (by link)' }] });
    },
  },
} satisfies Record<string, Scenario>;

/** Runs a scenario to its end; resolves once the workflow is closed. */
export async function runScenario(harness: Harness, scenario: Scenario): Promise<StartedOnboarding> {
  const handle = await harness.start(scenario.employeeId, scenario.script, {}, scenario.start?.(scenario.employeeId));
  await scenario.drive(handle, harness);
  try {
    await handle.result();
  } catch (err) {
    if (!scenario.endsCancelled) throw err;
  }
  return handle;
}

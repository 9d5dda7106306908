/**
 * The paths an onboarding can take, each a script for the fake world plus what a person does.
 * The workflow tests assert on them; scripts/record-histories.ts records their histories for replay.
 */
import { cancelRequestedSignal, retryUpdate, skipUpdate } from '../../../temporal/shared/contract';
import type { Script } from './fake-services';
import { waitForState, waitUntil, type Harness, type OnboardingHandle, type StartedOnboarding } from './harness';

interface Scenario {
  /** Also the history file's name. */
  name: string;
  employeeId: string;
  script: Script;
  /** What people do while it runs. */
  drive(handle: OnboardingHandle, harness: Harness): Promise<void>;
  /** Ends in Temporal's Canceled state rather than completing. */
  endsCancelled?: boolean;
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
} satisfies Record<string, Scenario>;

/** Runs a scenario to its end; resolves once the workflow is closed. */
export async function runScenario(harness: Harness, scenario: Scenario): Promise<StartedOnboarding> {
  const handle = await harness.start(scenario.employeeId, scenario.script);
  await scenario.drive(handle, harness);
  try {
    await handle.result();
  } catch (err) {
    if (!scenario.endsCancelled) throw err;
  }
  return handle;
}

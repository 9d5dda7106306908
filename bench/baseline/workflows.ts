/**
 * The bare baseline: four activities in a row, like an onboarding, but with nothing else around them
 * (no state, no search attribute or memo updates, no queries, no I/O in the activities).
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { noopStep } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const BASELINE_STEPS = ['one', 'two', 'three', 'four'] as const;

export async function benchBaselineWorkflow(): Promise<void> {
  for (const step of BASELINE_STEPS) {
    await noopStep(step);
  }
}

/**
 * A step whose service is paused or whose breaker is open waits for the breaker's word: it registers
 * with the breaker workflow (a signal) and waits for the `serviceReleased` signal back, a durable wait
 * that polls nothing. Runs with the `serviceBreaker` patch only (patches.ts): older runs call their services
 * unguarded, as they always did.
 */
import { condition, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Patches } from './patches';
import { breakerWaitSignal, breakerWorkflowId, serviceReleasedSignal, type ServiceName } from '../shared/breaker';

export interface ServiceWaits {
  /** Whether this run's steps look at their service's breaker (StepCall.breaker). */
  readonly guarded: boolean;
  /** Waits until the breaker lets the step go; `probe` when its call is the one that tests the service. */
  waitFor(service: ServiceName): Promise<{ probe: boolean }>;
}

/** Call once, at the start of the workflow: it decides (and records) whether this run is guarded. */
export function handleServiceWaits(patches: Patches): ServiceWaits {
  const guarded = patches.has('serviceBreaker');
  const released: { service: ServiceName; probe: boolean }[] = [];
  setHandler(serviceReleasedSignal, (release) => {
    released.push(release);
  });
  return {
    guarded,
    async waitFor(service) {
      try {
        await getExternalWorkflowHandle(breakerWorkflowId(service)).signal(breakerWaitSignal, { workflowId: workflowInfo().workflowId });
      } catch {
        // No breaker to wait for (it was never started): nothing holds the service.
        return { probe: false };
      }
      await condition(() => released.some((release) => release.service === service));
      const index = released.findIndex((release) => release.service === service);
      const [release] = released.splice(index, 1);
      return { probe: release?.probe === true };
    },
  };
}

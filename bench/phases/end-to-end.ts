/** Phase 2: the time of one onboarding from its start request to completed, one after another. */
import { performance } from 'node:perf_hooks';
import { workflowIdFor } from '../../temporal/shared/contract';
import type { Bench } from '../harness';
import { makeHire } from '../lib/api-client';
import { round } from '../lib/helpers';
import { percentiles, type Percentiles } from '../lib/stats';

export async function endToEnd(bench: Bench, runs: number): Promise<{ client: Percentiles; server: Percentiles }> {
  const clientMs: number[] = [];
  const serverMs: number[] = [];
  for (let index = 0; index < runs; index++) {
    const t0 = performance.now();
    const response = await bench.api.post('/api/onboardings', makeHire(`e2e-${bench.tag}`, index));
    if (response.status !== 201) throw new Error(`start failed: HTTP ${response.status}`);
    const id = workflowIdFor(`e2e-${bench.tag}-${index}`);
    const handle = bench.temporal.workflow.getHandle(id);
    // A run that waits for a person (it should not, with no faults) must not hang the benchmark.
    await bench.temporal.connection.withDeadline(Date.now() + 60_000, () => handle.result());
    clientMs.push(performance.now() - t0);
    const description = await handle.describe();
    if (description.closeTime) serverMs.push(description.closeTime.getTime() - description.startTime.getTime());
    bench.completedIds.push(id);
  }
  return { client: percentiles(clientMs.map((ms) => round(ms))), server: percentiles(serverMs) };
}

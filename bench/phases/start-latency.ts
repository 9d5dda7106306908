/**
 * Phase 2, start latency: `POST /api/onboardings` against a bare `client.workflow.start` of the no-op
 * baseline on the same server, measured in the same minutes: one at a time (alternating, with a pause so
 * the onboardings started meanwhile do not pile up) and in bursts at concurrency 20 (bare, then ours, in
 * rounds, waiting for each burst of onboardings to finish before the next round).
 */
import { performance } from 'node:perf_hooks';
import { workflowIdFor } from '../../temporal/shared/contract';
import { log, type Bench } from '../harness';
import { makeHire } from '../lib/api-client';
import { round, runPool } from '../lib/helpers';
import { formatMs, percentiles, type Percentiles } from '../lib/stats';
import { sleep } from '../lib/time';
import { BASELINE_TASK_QUEUE, BASELINE_WORKFLOW_TYPE } from '../baseline/names';

export const START_CONCURRENCY = 20;
/** Between two sequential starts: each sets an onboarding running, which should not queue up behind the next. */
const SEQUENTIAL_PAUSE_MS = 250;

export interface StartLatency {
  sequential: { ours: Percentiles; bare: Percentiles; p50DifferenceMs: number | null };
  concurrent: { concurrency: number; ours: Percentiles; bare: Percentiles; p95Ratio: number | null };
}

export async function startLatency(bench: Bench, samples: number, burst: number): Promise<StartLatency> {
  let sequence = 0;
  const bare = async (): Promise<number> => {
    const workflowId = `bare-${bench.tag}-start-${sequence++}`;
    const t0 = performance.now();
    await bench.plainTemporal.workflow.start(BASELINE_WORKFLOW_TYPE, { taskQueue: BASELINE_TASK_QUEUE, workflowId });
    return round(performance.now() - t0);
  };
  const ours = async (prefix: string): Promise<number> => {
    const hire = makeHire(prefix, sequence++);
    const t0 = performance.now();
    const response = await bench.api.post('/api/onboardings', hire);
    const ms = round(performance.now() - t0);
    if (response.status !== 201) throw new Error(`POST /api/onboardings answered HTTP ${response.status}`);
    return ms;
  };

  // Warm-up (connections, JIT), not counted.
  for (let index = 0; index < 5; index++) {
    await bare();
    await ours(`startwarm-${bench.tag}`);
  }

  const sequentialOurs: number[] = [];
  const sequentialBare: number[] = [];
  for (let index = 0; index < samples; index++) {
    sequentialBare.push(await bare());
    await sleep(SEQUENTIAL_PAUSE_MS);
    sequentialOurs.push(await ours(`startseq-${bench.tag}`));
    await sleep(SEQUENTIAL_PAUSE_MS);
  }
  const seqOurs = percentiles(sequentialOurs);
  const seqBare = percentiles(sequentialBare);
  log(`  sequential start: ours p50 ${formatMs(seqOurs.p50)} p95 ${formatMs(seqOurs.p95)}, bare p50 ${formatMs(seqBare.p50)} p95 ${formatMs(seqBare.p95)}`);

  const burstOurs: number[] = [];
  const burstBare: number[] = [];
  const rounds = 2;
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    const size = Math.ceil(burst / rounds);
    await runPool(size, START_CONCURRENCY, async () => {
      burstBare.push(await bare());
    });
    const prefix = `startburst-${bench.tag}-${roundIndex}`;
    await runPool(size, START_CONCURRENCY, async () => {
      burstOurs.push(await ours(prefix));
    });
    // The burst's onboardings run on: let them finish before the next round's bare burst.
    await bench.waitForClosed(workflowIdFor(`${prefix}-`), size, 60_000);
  }
  const conOurs = percentiles(burstOurs);
  const conBare = percentiles(burstBare);
  log(`  start at concurrency ${START_CONCURRENCY}: ours p95 ${formatMs(conOurs.p95)}, bare p95 ${formatMs(conBare.p95)}`);
  return {
    sequential: {
      ours: seqOurs,
      bare: seqBare,
      p50DifferenceMs: seqOurs.p50 === null || seqBare.p50 === null ? null : round(seqOurs.p50 - seqBare.p50),
    },
    concurrent: {
      concurrency: START_CONCURRENCY,
      ours: conOurs,
      bare: conBare,
      p95Ratio: conOurs.p95 === null || !conBare.p95 ? null : round(conOurs.p95 / conBare.p95, 2),
    },
  };
}

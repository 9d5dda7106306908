/**
 * Phase 2, start latency: `POST /api/onboardings` against a bare `client.workflow.start` (plain client, no
 * codec) of the same-work baseline for the same hire, on the same server, measured in the same minutes:
 * one at a time (alternating, with a pause so the workflows started meanwhile do not pile up) and in
 * bursts at concurrency 20 (bare, then ours, in rounds, waiting for each burst's workflows to finish).
 * Both sides start a workflow that goes on to make the same four calls to the sandbox in the web process,
 * so a burst's later starts compete with the same work either way: the difference is the dashboard's.
 */
import { performance } from 'node:perf_hooks';
import { workflowIdFor } from '../../temporal/shared/contract';
import { log, type Bench } from '../harness';
import { makeHire } from '../lib/api-client';
import { round, runPool } from '../lib/helpers';
import { formatMs, percentiles, type Percentiles } from '../lib/stats';
import { sleep } from '../lib/time';
import { startSameWork } from './throughput';

export const START_CONCURRENCY = 20;
/** Between two sequential starts: each sets an onboarding running, which should not queue up behind the next. */
const SEQUENTIAL_PAUSE_MS = 250;

export interface StartLatency {
  sequential: { ours: Percentiles; bare: Percentiles; p50DifferenceMs: number | null };
  concurrent: { concurrency: number; ours: Percentiles; bare: Percentiles; p95Ratio: number | null };
}

export async function startLatency(bench: Bench, samples: number, burst: number): Promise<StartLatency> {
  let sequence = 0;
  const bare = async (prefix: string): Promise<number> => {
    const hire = makeHire(prefix, sequence++);
    const t0 = performance.now();
    // The workflow ID is the hire's employee ID, as ours derives its own from it.
    await startSameWork(bench, hire, hire.employeeId);
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
    await bare(`bare-${bench.tag}-startwarm`);
    await ours(`startwarm-${bench.tag}`);
  }

  const sequentialOurs: number[] = [];
  const sequentialBare: number[] = [];
  for (let index = 0; index < samples; index++) {
    sequentialBare.push(await bare(`bare-${bench.tag}-startseq`));
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
    const barePrefix = `bare-${bench.tag}-startburst-${roundIndex}`;
    await runPool(size, START_CONCURRENCY, async () => {
      burstBare.push(await bare(barePrefix));
    });
    await bench.waitForClosed(`${barePrefix}-`, size, 60_000);
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

/**
 * Phase 5, what operators pay: peak RSS of each process (sampled all through the run) and the first-load
 * JS of each page in the production build.
 */
import type { Bench } from '../harness';
import { firstLoadJs, type RouteFirstLoad } from '../lib/first-load-js';
import type { ProcessMemorySampler } from '../lib/process-memory';
import { REPO_ROOT } from '../../scripts/lib/stack';

export interface Resources {
  /** postgres: PostgreSQL and its backends (`--cluster` only). */
  peakRssMiB: { worker: number | null; web: number | null; temporal: number | null; postgres: number | null; baselineWorker: number | null };
  processes: ReturnType<ProcessMemorySampler['results']>;
  firstLoadJs: RouteFirstLoad[] | null;
}

export function collectResources(bench: Bench, distDir: string): Resources {
  return {
    peakRssMiB: {
      worker: bench.memory.peakOf('worker'),
      web: bench.memory.peakOf('web'),
      temporal: bench.memory.peakOf('temporal'),
      postgres: bench.memory.peakOf('postgres'),
      baselineWorker: bench.memory.peakOf('baseline-worker'),
    },
    processes: bench.memory.results(),
    firstLoadJs: firstLoadJs(REPO_ROOT, distDir) ?? null,
  };
}

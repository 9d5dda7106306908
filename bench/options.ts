/** The bench's command-line flags (see bench/bench.ts for what each does). */

export interface BenchOptions {
  tiny: boolean;
  /** Not tiny, and no size given on the command line (`--count`, `--levels`...): the published run's sizes. */
  fullSize: boolean;
  count: number;
  concurrency: number;
  samples: number;
  distDir: string;
  /** Onboardings in the namespace at which API latency is measured. */
  levels: number[];
  endToEndRuns: number;
  /** Bare and ours alternate this many times, splitting `count` between the rounds. */
  rounds: number;
  /** Onboardings left waiting for a person, whose detail is read while live. */
  attentionOnboardings: number;
  liveOnboardings: number;
  /** Starts through the API and bare, per burst phase at concurrency 20 (split into two rounds). */
  startBurst: number;
  /** Page loads per page for largest contentful paint (after one not counted). */
  paintLoads: number;
  /** Which measurements to run (all by default; `--only a,b` while working on one). */
  phases: Set<Phase>;
  /** Reuse the build folder as it is, even if older than the code (`--no-build`). */
  skipBuild: boolean;
  /** Profile the web, worker and baseline worker processes (`--cpu-prof`): profiles in <data>/profiles. */
  cpuProfile: boolean;
  /**
   * Temporal is the production topology's (`--cluster`: server 1.29.1 on PostgreSQL, bench/lib/cluster-chaos.ts)
   * instead of the dev server; its data goes to the bench's data folder.
   */
  cluster: boolean;
}

export const PHASES = ['throughput', 'start', 'e2e', 'latency', 'live', 'paint'] as const;
export type Phase = (typeof PHASES)[number];

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function wholeNumber(name: string, fallback: number): number {
  const raw = flag(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`[bench] ${name} ${raw}: expected a whole number of at least 1`);
    process.exit(2);
  }
  return value;
}

const SIZE_FLAGS = ['--count', '--concurrency', '--samples', '--levels', '--rounds'];

export function parseOptions(): BenchOptions {
  const tiny = process.argv.includes('--tiny');
  return {
    tiny,
    fullSize: !tiny && !SIZE_FLAGS.some((name) => process.argv.includes(name)),
    count: wholeNumber('--count', tiny ? 6 : 500),
    concurrency: wholeNumber('--concurrency', tiny ? 3 : 50),
    samples: wholeNumber('--samples', tiny ? 10 : 200),
    distDir: flag('--dist-dir') ?? '.next-bench',
    levels: flag('--levels')?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) ?? (tiny ? [40] : [1_000, 10_000]),
    endToEndRuns: tiny ? 2 : 20,
    rounds: wholeNumber('--rounds', tiny ? 1 : 4),
    attentionOnboardings: tiny ? 2 : 10,
    // Each onboarding gives about seven observable transitions (the first one happens before the page loads).
    liveOnboardings: tiny ? 1 : 4,
    startBurst: tiny ? 20 : 200,
    paintLoads: tiny ? 3 : 10,
    phases: parsePhases(flag('--only')),
    skipBuild: process.argv.includes('--no-build'),
    cpuProfile: process.argv.includes('--cpu-prof'),
    cluster: process.argv.includes('--cluster'),
  };
}

function parsePhases(raw: string | undefined): Set<Phase> {
  if (raw === undefined) return new Set(PHASES);
  const wanted = raw.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`[bench] --only ${raw}: unknown ${unknown.join(', ')} (choose from ${PHASES.join(', ')})`);
    process.exit(2);
  }
  return new Set(wanted as Phase[]);
}

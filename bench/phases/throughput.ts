/**
 * Phase 1, throughput: onboardings completed per second through the HTTP API, next to two baselines on the
 * same server, taking turns in rounds: a bare four-activity no-op workflow (Temporal's limit) and a
 * same-work workflow whose four activities make the onboarding's HTTP calls and nothing else (what the
 * dashboard adds around the same work); then ours again with two workers.
 */
import { newHireSchema, workflowIdFor } from '../../temporal/shared/contract';
import { log, type Bench, type RunPhase } from '../harness';
import { makeHire } from '../lib/api-client';
import { errorMessage, round, runPool } from '../lib/helpers';
import { sleep } from '../lib/time';
import { BASELINE_TASK_QUEUE, BASELINE_WORKFLOW_TYPE, SAME_WORK_TASK_QUEUE, SAME_WORK_WORKFLOW_TYPE } from '../baseline/names';
import type { BenchOptions } from '../options';

export interface ThroughputResult {
  label: string;
  started: number;
  completed: number;
  startErrors: number;
  /** From the first start request to the last close time Temporal recorded. */
  seconds: number;
  perSecond: number;
  /** CPU milliseconds per completed workflow, per process (bench = this load generator): where the time goes. */
  cpuMsPerWorkflow: Record<string, number>;
}

export interface ThroughputReport {
  bare: ThroughputResult;
  sameWork: ThroughputResult;
  ours: ThroughputResult;
  oursTwoWorkers: ThroughputResult;
  /** ours / bare no-op: the share of Temporal's limit the product keeps, the outside world included. */
  ratio: number;
  /** ours / same-work: the share the product keeps of a bare workflow making the same calls (goal >= 0.9). */
  sameWorkRatio: number;
  /** The ratios of each round on its own: how much the machine moved during the run. */
  roundRatios: number[];
  sameWorkRoundRatios: number[];
  scaleOut: number;
}

/** The warm-up, the alternating rounds and the two-worker run; undefined when one of them failed. */
export async function measureThroughput(bench: Bench, options: BenchOptions, phase: RunPhase): Promise<ThroughputReport | undefined> {
  await phase('warm-up', async () => {
    // JIT, connections and the first compilation of each route: not part of any figure.
    await bareThroughput(bench, Math.min(20, options.count), 'warmup', 'warm-up');
    await sameWorkThroughput(bench, Math.min(20, options.count), 'warmup', 'warm-up');
    await oursThroughput(bench, Math.min(20, options.count), 'warmup', 'warm-up');
  });
  // Bare and ours take turns, in rounds: the machine is shared, and a neighbour's load that comes or
  // goes between two long phases would otherwise land on one side of the ratio only.
  const bareRounds: Array<ThroughputResult | undefined> = [];
  const sameWorkRounds: Array<ThroughputResult | undefined> = [];
  const oursRounds: Array<ThroughputResult | undefined> = [];
  const sizes = splitInto(options.count, options.rounds);
  for (const [index, size] of sizes.entries()) {
    const of = `round ${index + 1} of ${sizes.length}`;
    const turns = [
      async () => bareRounds.push(await phase(`bare baseline, ${of}: ${size} workflows`, () => bareThroughput(bench, size, `w1r${index}`, 'bare, 1 worker'))),
      async () =>
        sameWorkRounds.push(
          await phase(`same-work baseline, ${of}: ${size} workflows`, () => sameWorkThroughput(bench, size, `w1r${index}`, 'same-work, 1 worker')),
        ),
      async () => oursRounds.push(await phase(`ours, 1 worker, ${of}: ${size} onboardings`, () => oursThroughput(bench, size, `w1r${index}`, 'ours, 1 worker'))),
    ];
    // Every other round in the opposite order (bare, same-work, ours; then ours, same-work, bare): load
    // that rises or falls during a round then favours each side as often as the other.
    for (const turn of index % 2 === 0 ? turns : turns.reverse()) await turn();
  }
  const bare = combineRounds('bare, 1 worker', bareRounds);
  const sameWork = combineRounds('same-work, 1 worker', sameWorkRounds);
  const ours = combineRounds('ours, 1 worker', oursRounds);
  const two = await phase(`ours: ${options.count} onboardings, 2 workers`, async () => {
    await addWorker(bench);
    return oursThroughput(bench, options.count, 'w2', 'ours, 2 workers');
  });
  if (!bare || !sameWork || !ours || !two) return undefined;
  const perRound = (baseline: Array<ThroughputResult | undefined>) =>
    oursRounds.map((result, index) => round((result?.perSecond ?? 0) / (baseline[index]?.perSecond ?? 1), 3));
  return {
    bare,
    sameWork,
    ours,
    oursTwoWorkers: two,
    ratio: round(ours.perSecond / bare.perSecond, 3),
    sameWorkRatio: round(ours.perSecond / sameWork.perSecond, 3),
    roundRatios: perRound(bareRounds),
    sameWorkRoundRatios: perRound(sameWorkRounds),
    scaleOut: round(two.perSecond / ours.perSecond, 3),
  };
}

/**
 * Starts `count` workflows at the bench's concurrency with `start(index)`, waits for those whose IDs
 * begin with `prefix` to close, and reports completed/s with the CPU each took. `what` names the kind
 * of start in the log when one fails (the first three failures are logged).
 */
async function measureStarts(
  bench: Bench,
  { label, count, prefix, what, start }: { label: string; count: number; prefix: string; what: string; start: (index: number) => Promise<void> },
): Promise<ThroughputResult> {
  const cpuBefore = bench.cpuNow();
  let startErrors = 0;
  const t0 = Date.now();
  await runPool(count, bench.options.concurrency, async (index) => {
    try {
      await start(index);
    } catch (error) {
      startErrors += 1;
      if (startErrors <= 3) log(`${what} failed: ${errorMessage(error)}`);
    }
  });
  const { completed, lastCloseMs } = await bench.waitForClosed(prefix, count - startErrors, 60_000);
  return throughputResult(label, count, completed, startErrors, t0, lastCloseMs, bench.cpuSince(cpuBefore, completed));
}

/** `slug` goes into workflow IDs (letters, digits, hyphens); `label` into the report. */
async function bareThroughput(bench: Bench, count: number, slug: string, label: string): Promise<ThroughputResult> {
  const prefix = `bare-${bench.tag}-${slug}-`;
  return measureStarts(bench, {
    label,
    count,
    prefix,
    what: 'bare start',
    start: async (index) => {
      await bench.temporal.workflow.start(BASELINE_WORKFLOW_TYPE, { taskQueue: BASELINE_TASK_QUEUE, workflowId: `${prefix}${index}` });
    },
  });
}

/**
 * Starts one same-work workflow for `input` (a hire as the API takes it): the hire ours would get (the
 * API's schema fills the defaults, such as the Slack channel), with a plain client (no codec) on the
 * baseline worker's same-work queue.
 */
export async function startSameWork(bench: Bench, input: unknown, workflowId: string): Promise<void> {
  const { plan: _plan, restart: _restart, ...hire } = newHireSchema.parse(input);
  await bench.plainTemporal.workflow.start(SAME_WORK_WORKFLOW_TYPE, { taskQueue: SAME_WORK_TASK_QUEUE, workflowId, args: [hire] });
}

async function sameWorkThroughput(bench: Bench, count: number, slug: string, label: string): Promise<ThroughputResult> {
  const prefix = `same-${bench.tag}-${slug}-`;
  return measureStarts(bench, {
    label,
    count,
    prefix,
    what: 'same-work start',
    start: (index) => startSameWork(bench, makeHire(`sw-${bench.tag}-${slug}`, index), `${prefix}${index}`),
  });
}

export async function oursThroughput(bench: Bench, count: number, slug: string, label: string): Promise<ThroughputResult> {
  const employeePrefix = `tp-${bench.tag}-${slug}`;
  return measureStarts(bench, {
    label,
    count,
    prefix: workflowIdFor(`${employeePrefix}-`),
    what: 'start through the API',
    start: async (index) => {
      const response = await bench.api.post('/api/onboardings', makeHire(employeePrefix, index));
      if (response.status !== 201) throw new Error(`HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      bench.completedIds.push(workflowIdFor(`${employeePrefix}-${index}`));
    },
  });
}

async function addWorker(bench: Bench): Promise<void> {
  const since = Date.now();
  // The Stack starts workers up to `options.workers`; raising it starts one more next to the running one.
  bench.stack.options.workers = 2;
  await bench.stack.startWorker();
  // The Stack is content with any fresh poller, and the first worker polls all the time: wait for two.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const described = await bench.temporal.workflowService.describeTaskQueue({
      namespace: bench.stack.namespace,
      taskQueue: { name: bench.stack.taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    const fresh = new Set(
      (described.pollers ?? [])
        .filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since - 1000)
        .map((poller) => poller.identity),
    );
    if (fresh.size >= 2) return;
    if (Date.now() > deadline) throw new Error('the second worker did not poll within 120 s');
    await sleep(500);
  }
}

/** `total` in `parts` near-equal whole parts (500 in 2: 250 and 250). */
function splitInto(total: number, parts: number): number[] {
  const count = Math.max(1, Math.min(parts, total));
  return Array.from({ length: count }, (_, index) => Math.floor(total / count) + (index < total % count ? 1 : 0));
}

/** Rounds of one kind as one result: everything added up, CPU per workflow weighted by what completed. */
function combineRounds(label: string, rounds: Array<ThroughputResult | undefined>): ThroughputResult | undefined {
  if (rounds.length === 0 || rounds.some((result) => result === undefined)) return undefined;
  const results = rounds as ThroughputResult[];
  const sum = (pick: (result: ThroughputResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const completed = sum((result) => result.completed);
  const seconds = sum((result) => result.seconds);
  const roles = new Set(results.flatMap((result) => Object.keys(result.cpuMsPerWorkflow)));
  const cpuMsPerWorkflow = Object.fromEntries(
    [...roles].map((role) => [role, round(sum((result) => (result.cpuMsPerWorkflow[role] ?? 0) * result.completed) / Math.max(1, completed), 2)]),
  );
  return {
    label,
    started: sum((result) => result.started),
    completed,
    startErrors: sum((result) => result.startErrors),
    seconds: round(seconds, 2),
    perSecond: round(completed / Math.max(0.001, seconds), 2),
    cpuMsPerWorkflow,
  };
}

function throughputResult(
  label: string,
  started: number,
  completed: number,
  startErrors: number,
  t0: number,
  lastCloseMs: number,
  cpuMsPerWorkflow: Record<string, number>,
): ThroughputResult {
  const seconds = Math.max(0.001, (lastCloseMs - t0) / 1000);
  return {
    label,
    started,
    completed,
    startErrors,
    seconds: round(seconds, 2),
    perSecond: round(completed / seconds, 2),
    cpuMsPerWorkflow,
  };
}

/**
 * `npm run bench`: what users feel and what operators pay, side by side with the limit.
 *
 * Starts its own stack (web 3800, Temporal dev server 7800, data in .data/bench-<ts>, production build in
 * .next-bench, sandbox with zero latency and no faults) and measures in one run:
 *   1. throughput: onboardings completed per second, started through the HTTP API at concurrency 50, and
 *      a bare four-activity no-op workflow (bench/baseline) started with the Temporal client on the same
 *      server, the limit, taking turns in rounds; then ours again with two workers;
 *   2. end-to-end time of one onboarding, start to completed;
 *   3. API latency of start, detail (of a completed onboarding and of one waiting for a person) and list
 *      with 1,000 and 10,000 onboardings in the namespace;
 *   4. live-update latency: a step's state changing to Chromium showing it;
 *   5. peak RSS of the worker and web processes, and first-load JS of each page.
 * Prints a table and writes bench/results/latest.json (see docs/performance.md).
 *
 * Flags: --count N (default 500), --concurrency N (50), --samples N (200 requests per endpoint and level),
 * --rounds N (2: bare and ours alternate N times, sharing --count), --dist-dir DIR (.next-bench), --tiny
 * (a few onboardings, small seeds, no 10k: keeps the command working inside `npm test`; writes its results
 * into its data folder, not over latest.json), --only PHASES (some of throughput,e2e,latency,live),
 * --no-build (reuse the build folder even if older than the code).
 * Exit code 1 only when a measurement could not be made; missed goals are reported, not fatal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { Stack, REPO_ROOT } from '../scripts/lib/stack';
import {
  SA_NAME_TOKENS,
  SA_STATUS,
  SA_STEP,
  WORKFLOW_TYPE,
  workflowIdFor,
  type OnboardingMemo,
} from '../temporal/shared/contract';
import { isoDay, STEP_KEYS } from '../temporal/shared/schemas';
import { SANDBOX_SERVICES, type Detail } from '../contract/http';
import { clientDataConverter, payloadKeySettings } from '../common/codec/data-converter';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';
import { ApiClient, makeHire } from './lib/api-client';
import { ensureProductionBuild } from './lib/build';
import { firstLoadJs, type RouteFirstLoad } from './lib/first-load-js';
import { ProcessMemorySampler } from './lib/process-memory';
import { formatMs, percentiles, type Percentiles } from './lib/stats';
import { sleep } from './lib/time';
import {
  BASELINE_READY_LINE,
  BASELINE_TASK_QUEUE,
  BASELINE_WORKFLOW_TYPE,
  SEED_TASK_QUEUE,
} from './baseline/names';

// ----- options -----

interface BenchOptions {
  tiny: boolean;
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
  /** Which measurements to run (all by default; `--only a,b` while working on one). */
  phases: Set<Phase>;
  /** Reuse the build folder as it is, even if older than the code (`--no-build`). */
  skipBuild: boolean;
}

const PHASES = ['throughput', 'e2e', 'latency', 'live'] as const;
type Phase = (typeof PHASES)[number];

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

function parseOptions(): BenchOptions {
  const tiny = process.argv.includes('--tiny');
  return {
    tiny,
    count: wholeNumber('--count', tiny ? 6 : 500),
    concurrency: wholeNumber('--concurrency', tiny ? 3 : 50),
    samples: wholeNumber('--samples', tiny ? 10 : 200),
    distDir: flag('--dist-dir') ?? '.next-bench',
    levels: flag('--levels')?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) ?? (tiny ? [40] : [1_000, 10_000]),
    endToEndRuns: tiny ? 2 : 20,
    rounds: wholeNumber('--rounds', tiny ? 1 : 2),
    attentionOnboardings: tiny ? 2 : 10,
    // Each onboarding gives about seven observable transitions (the first one happens before the page loads).
    liveOnboardings: tiny ? 1 : 4,
    phases: parsePhases(flag('--only')),
    skipBuild: process.argv.includes('--no-build'),
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

// ----- ports (issue 5: the bench's own, so it never collides with a developer's stack or the e2e harness) -----

const WEB_PORT = 3800 + Number(process.env.E2E_PORT_OFFSET ?? 0);
/** Starts in the latency phase come at a steady 4 per second: about half what one worker completes. */
const START_INTERVAL_MS = 250;
const TEMPORAL_PORT = 7800 + Number(process.env.E2E_PORT_OFFSET ?? 0);
/** Sandbox latency per service call while measuring live updates: longer than the page's 1 s polling. */
const LIVE_STEP_LATENCY_MS = 1500;

const log = (line: string) => console.log(`[bench] ${line}`);

// ----- small helpers -----

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight. */
async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ----- measurements -----

interface ThroughputResult {
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

interface LatencyLevel {
  onboardingsInNamespace: number;
  seeded: number;
  start: Percentiles;
  /** A completed onboarding: read from its close event. */
  detail: Percentiles;
  /** An onboarding waiting for a person (needs attention): live, read with the workflow's progress query. */
  detailLive: Percentiles;
  list: Percentiles;
  listItemsOnFirstPage: number;
}

interface LiveUpdateResult {
  onboardings: number;
  transitions: number;
  stepLatencyMs: number;
  latency: Percentiles;
  /** What was compared, per onboarding, so a surprising figure can be checked. */
  observations: Array<{
    id: string;
    observingSince: string;
    steps: Array<{ startedAt: string | null; completedAt: string | null }>;
    shown: Array<{ step: number; status: string; at: string }>;
  }>;
}

interface Goal {
  name: string;
  goal: string;
  actual: string;
  met: boolean | null;
}

class Bench {
  readonly tag = Date.now().toString(36);
  readonly dataDir: string;
  readonly stack: Stack;
  readonly api: ApiClient;
  readonly memory = new ProcessMemorySampler(classifyProcess);
  private baselineWorker: ChildProcess | undefined;
  private client: Client | undefined;
  private connection: Connection | undefined;
  /** Onboardings that completed during the run, for detail requests. */
  readonly completedIds: string[] = [];
  /** Onboardings stopped at "Needs attention", for detail requests on live ones. */
  private readonly attentionIds: string[] = [];
  readonly failures: string[] = [];
  private stopping = false;

  constructor(readonly options: BenchOptions) {
    this.dataDir = path.join(REPO_ROOT, '.data', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    this.stack = new Stack({
      webPort: WEB_PORT,
      temporalPort: TEMPORAL_PORT,
      dataDir: this.dataDir,
      distDir: options.distDir,
      env: {
        // The bench's own server, whatever the caller's shell says.
        TEMPORAL_ADDRESS: `localhost:${TEMPORAL_PORT}`,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'onboarding',
        APP_URL: undefined,
        TEMPORAL_UI_URL: undefined,
        SANDBOX: 'on',
        WORKER_METRICS_PORT: '0',
        // Sign-in off, as `npm start` runs by default (sign-in is on only when AUTH_SECRET is set).
        AUTH_SECRET: undefined,
        API_TOKENS: undefined,
        // The product's defaults: the bench measures what `npm start` runs.
        ONBOARDING_RETRY_INITIAL_INTERVAL: undefined,
        ONBOARDING_RETRY_MAXIMUM_INTERVAL: undefined,
      },
      workers: 1,
      logToFiles: true,
      echo: false,
      log,
      onUnexpectedExit: (name, code, signal, lastOutput) => {
        this.failures.push(`${name} exited unexpectedly (${signal ?? `code ${code}`})`);
        console.error(`[bench] ${name} exited unexpectedly (${signal ?? `code ${code}`}):\n${lastOutput}`);
      },
    });
    this.api = new ApiClient(this.stack.appUrl, 30_000);
  }

  get temporal(): Client {
    if (!this.client) throw new Error('not connected to Temporal yet');
    return this.client;
  }

  async start(): Promise<void> {
    if (!this.options.skipBuild || !existsSync(path.join(REPO_ROOT, this.options.distDir, 'BUILD_ID'))) {
      await ensureProductionBuild(REPO_ROOT, this.options.distDir, log);
    }
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'workflow-bundle.js'))) {
      log('no pre-bundled workflow code (dist/workflow-bundle.js): the worker bundles at start');
    }
    mkdirSync(this.dataDir, { recursive: true });
    this.memory.start();
    log(`starting the stack (data in ${path.relative(REPO_ROOT, this.dataDir)}, logs in its logs/ folder)`);
    await this.stack.start();
    this.connection = await Connection.connect({ address: this.stack.temporalAddress });
    // The same codec as the app, so seeded memos are encrypted like real ones and results can be read.
    this.client = new Client({
      connection: this.connection,
      namespace: this.stack.namespace,
      dataConverter: clientDataConverter(payloadKeySettings(this.dataDir)),
    });
    await this.startBaselineWorker();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.memory.stop();
    if (this.baselineWorker?.pid !== undefined) {
      try {
        process.kill(-this.baselineWorker.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await Promise.race([new Promise((resolve) => this.baselineWorker?.once('exit', resolve)), sleep(10_000)]);
      try {
        process.kill(-this.baselineWorker.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await this.connection?.close();
    await this.stack.stop();
  }

  private async startBaselineWorker(): Promise<void> {
    const tsxCli = require.resolve('tsx/cli', { paths: [REPO_ROOT] });
    const child = spawn(process.execPath, [tsxCli, 'bench/baseline/worker.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.stack.temporalAddress,
        TEMPORAL_NAMESPACE: this.stack.namespace,
        DATA_DIR: this.dataDir,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.baselineWorker = child;
    let output = '';
    mkdirSync(path.join(this.dataDir, 'logs'), { recursive: true });
    const logFile = createWriteStream(path.join(this.dataDir, 'logs', 'baseline-worker.log'), { flags: 'a' });
    child.stdout?.pipe(logFile);
    child.stderr?.pipe(logFile);
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`the baseline worker did not start:\n${output.slice(-2000)}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-10_000);
        if (output.includes(BASELINE_READY_LINE)) {
          clearTimeout(timeout);
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timeout);
        reject(new Error(`the baseline worker exited (code ${code}):\n${output.slice(-2000)}`));
      });
    });
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.failures.push(`the baseline worker exited unexpectedly (${signal ?? `code ${code}`})`);
    });
    log('baseline worker ready');
  }

  // ----- counting through visibility -----

  async count(query: string): Promise<number> {
    const { count } = await this.temporal.workflow.count(query);
    return count;
  }

  onboardingCount(): Promise<number> {
    return this.count(`WorkflowType = '${WORKFLOW_TYPE}'`);
  }

  /**
   * Waits until every workflow whose ID starts with `prefix` is closed, then returns how many completed
   * and the last close time. Gives up after `timeoutMs` without progress.
   */
  async waitForClosed(prefix: string, expected: number, timeoutMs: number): Promise<{ completed: number; lastCloseMs: number }> {
    const filter = `WorkflowId STARTS_WITH '${prefix}'`;
    let lastProgressAt = Date.now();
    let lastClosed = -1;
    for (;;) {
      const closed = await this.count(`${filter} AND ExecutionStatus != 'Running'`);
      if (closed >= expected) break;
      if (closed !== lastClosed) {
        lastClosed = closed;
        lastProgressAt = Date.now();
      } else if (Date.now() - lastProgressAt > timeoutMs) {
        log(`no progress for ${timeoutMs / 1000} s with ${closed}/${expected} closed; measuring what finished`);
        break;
      }
      await sleep(250);
    }
    let completed = 0;
    let lastCloseMs = 0;
    for await (const execution of this.temporal.workflow.list({ query: filter, pageSize: 1000 })) {
      if (execution.status.name !== 'COMPLETED') continue;
      completed += 1;
      lastCloseMs = Math.max(lastCloseMs, execution.closeTime?.getTime() ?? 0);
    }
    return { completed, lastCloseMs };
  }

  // ----- 1. throughput -----

  /** `slug` goes into workflow IDs (letters, digits, hyphens); `label` into the report. */
  async bareThroughput(count: number, slug: string, label: string): Promise<ThroughputResult> {
    const prefix = `bare-${this.tag}-${slug}-`;
    const cpuBefore = this.cpuNow();
    let startErrors = 0;
    const t0 = Date.now();
    await runPool(count, this.options.concurrency, async (index) => {
      try {
        await this.temporal.workflow.start(BASELINE_WORKFLOW_TYPE, { taskQueue: BASELINE_TASK_QUEUE, workflowId: `${prefix}${index}` });
      } catch (error) {
        startErrors += 1;
        if (startErrors <= 3) log(`bare start failed: ${errorMessage(error)}`);
      }
    });
    const { completed, lastCloseMs } = await this.waitForClosed(prefix, count - startErrors, 60_000);
    return throughputResult(label, count, completed, startErrors, t0, lastCloseMs, this.cpuSince(cpuBefore, completed));
  }

  /** CPU seconds so far per process role, this process included. */
  cpuNow(): Record<string, number> {
    this.memory.sample();
    const usage = process.cpuUsage();
    return { ...this.memory.cpuByRole(), bench: (usage.user + usage.system) / 1e6 };
  }

  cpuSince(before: Record<string, number>, workflows: number): Record<string, number> {
    const after = this.cpuNow();
    return Object.fromEntries(
      Object.entries(after).map(([role, seconds]) => [role, round(((seconds - (before[role] ?? 0)) * 1000) / Math.max(1, workflows), 2)]),
    );
  }

  async oursThroughput(count: number, slug: string, label: string): Promise<ThroughputResult> {
    const employeePrefix = `tp-${this.tag}-${slug}`;
    const cpuBefore = this.cpuNow();
    let startErrors = 0;
    const t0 = Date.now();
    await runPool(count, this.options.concurrency, async (index) => {
      try {
        const response = await this.api.post('/api/onboardings', makeHire(employeePrefix, index));
        if (response.status !== 201) throw new Error(`HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        this.completedIds.push(workflowIdFor(`${employeePrefix}-${index}`));
      } catch (error) {
        startErrors += 1;
        if (startErrors <= 3) log(`start through the API failed: ${errorMessage(error)}`);
      }
    });
    const prefix = workflowIdFor(`${employeePrefix}-`);
    const { completed, lastCloseMs } = await this.waitForClosed(prefix, count - startErrors, 60_000);
    return throughputResult(label, count, completed, startErrors, t0, lastCloseMs, this.cpuSince(cpuBefore, completed));
  }

  async addWorker(): Promise<void> {
    const since = Date.now();
    // The Stack starts workers up to `options.workers`; raising it starts one more next to the running one.
    this.stack.options.workers = 2;
    await this.stack.startWorker();
    // The Stack is content with any fresh poller, and the first worker polls all the time: wait for two.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const described = await this.temporal.workflowService.describeTaskQueue({
        namespace: this.stack.namespace,
        taskQueue: { name: this.stack.taskQueue },
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

  // ----- 2. end to end -----

  async endToEnd(runs: number): Promise<{ client: Percentiles; server: Percentiles }> {
    const clientMs: number[] = [];
    const serverMs: number[] = [];
    for (let index = 0; index < runs; index++) {
      const t0 = performance.now();
      const response = await this.api.post('/api/onboardings', makeHire(`e2e-${this.tag}`, index));
      if (response.status !== 201) throw new Error(`start failed: HTTP ${response.status}`);
      const id = workflowIdFor(`e2e-${this.tag}-${index}`);
      const handle = this.temporal.workflow.getHandle(id);
      // A run that waits for a person (it should not, with no faults) must not hang the benchmark.
      await this.temporal.connection.withDeadline(Date.now() + 60_000, () => handle.result());
      clientMs.push(performance.now() - t0);
      const description = await handle.describe();
      if (description.closeTime) serverMs.push(description.closeTime.getTime() - description.startTime.getTime());
      this.completedIds.push(id);
    }
    return { client: percentiles(clientMs.map((ms) => round(ms))), server: percentiles(serverMs) };
  }

  // ----- 3. API latency -----

  /**
   * Seeds executions of type onboardingWorkflow until the namespace holds `target` of them: started with
   * the Temporal client (memo and search attributes as the web app sets them, memo encrypted by the same
   * codec) on the seed task queue, where the baseline process's no-op workflow completes them at once.
   */
  async seedTo(target: number): Promise<number> {
    const have = await this.onboardingCount();
    const missing = target - have;
    if (missing <= 0) return 0;
    log(`seeding ${missing} onboardings (namespace has ${have})`);
    const startDate = isoDay(new Date(), 14);
    const t0 = Date.now();
    let seeded = 0;
    await runPool(missing, 50, async (index) => {
      const employeeId = `seed-${this.tag}-${target}-${index}`;
      const hire = makeHire(`seed-${this.tag}-${target}`, index);
      const memo: OnboardingMemo = {
        employeeId,
        fullName: hire.fullName,
        role: hire.role,
        department: hire.department,
        startDate,
      };
      for (let attempt = 1; ; attempt++) {
        try {
          await this.temporal.workflow.start(WORKFLOW_TYPE, {
            taskQueue: SEED_TASK_QUEUE,
            workflowId: workflowIdFor(employeeId),
            // No input: the seed workflow ignores it, and its worker has no key to decrypt it.
            args: [],
            memo: { ...memo },
            typedSearchAttributes: [
              { key: SA_STATUS, value: 'completed' },
              { key: SA_STEP, value: 'slack-notification' },
              { key: SA_NAME_TOKENS, value: [] },
            ],
          });
          seeded += 1;
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
          await sleep(500 * attempt);
        }
      }
      if (seeded % 1000 === 0) log(`  seeded ${seeded}/${missing} (${round(seeded / ((Date.now() - t0) / 1000))}/s)`);
    });
    // Wait for the seeds to close so the list sees a settled namespace, as in a long-running deployment.
    await this.waitForClosed(workflowIdFor(`seed-${this.tag}-${target}-`), missing, 60_000);
    log(`seeded ${missing} in ${round((Date.now() - t0) / 1000)} s`);
    return missing;
  }

  async apiLatency(level: number): Promise<LatencyLevel> {
    if (this.completedIds.length === 0) {
      // Run on its own (--only latency): detail requests need real onboardings to ask about.
      await this.oursThroughput(Math.min(10, this.options.count), 'detail', 'for detail requests');
    }
    const seeded = await this.seedTo(level);
    const onboardingsInNamespace = await this.onboardingCount();
    const samples = this.options.samples;
    const time = async (request: () => Promise<{ status: number }>, okStatus: number): Promise<number> => {
      const t0 = performance.now();
      const response = await request();
      const ms = performance.now() - t0;
      if (response.status !== okStatus) throw new Error(`expected HTTP ${okStatus}, got ${response.status}`);
      return round(ms);
    };
    const measure = async (
      name: string,
      request: (index: number) => Promise<{ status: number }>,
      okStatus: number,
      intervalMs = 0,
    ) => {
      // Warm-up requests are not counted: the first ones pay for lazy compilation and connection set-up.
      for (let index = 0; index < 5; index++) await request(-1 - index);
      const values: number[] = [];
      for (let index = 0; index < samples; index++) {
        const began = Date.now();
        values.push(await time(() => request(index), okStatus));
        const rest = intervalMs - (Date.now() - began);
        if (rest > 0) await sleep(rest);
      }
      log(`  ${name}: p50 ${formatMs(percentiles(values).p50)}, p95 ${formatMs(percentiles(values).p95)}`);
      return percentiles(values);
    };
    log(`API latency with ${onboardingsInNamespace} onboardings in the namespace (${samples} sequential requests each)`);
    let listItemsOnFirstPage = 0;
    const list = await measure(
      'GET /api/onboardings',
      async () => {
        const response = await this.api.get('/api/onboardings');
        const body = response.body as { items?: unknown[] };
        listItemsOnFirstPage = body.items?.length ?? 0;
        return response;
      },
      200,
    );
    const ids = this.completedIds;
    const detail = await measure(
      'GET /api/onboardings/:id (completed)',
      (index) => this.api.get(`/api/onboardings/${ids[Math.abs(index * 7919) % ids.length] ?? ids[0]}`),
      200,
    );
    // What a detail page polls every second: a live onboarding, answered by the workflow's query.
    const live = await this.onboardingsNeedingAttention(this.options.attentionOnboardings);
    const detailLive = await measure(
      'GET /api/onboardings/:id (needs attention)',
      (index) => this.api.get(`/api/onboardings/${live[Math.abs(index) % live.length] ?? live[0]}`),
      200,
    );
    const start = await measure(
      'POST /api/onboardings',
      (index) => this.api.post('/api/onboardings', makeHire(`lat-${this.tag}-${level}`, index < 0 ? 1_000_000 - index : index)),
      201,
      // Every start sets an onboarding running; back to back they would pile up past what the stack
      // completes per second, and this would measure that queue instead of the start.
      START_INTERVAL_MS,
    );
    return { onboardingsInNamespace, seeded, start, detail, detailLive, list, listItemsOnFirstPage };
  }

  /**
   * Onboardings that stop at "Needs attention" (their Slack channel does not exist) and stay live until a
   * person decides; made once and reused at every level.
   */
  async onboardingsNeedingAttention(count: number): Promise<string[]> {
    for (let index = this.attentionIds.length; index < count; index++) {
      const hire = { ...makeHire(`attention-${this.tag}`, index), slackChannel: '#no-such-channel' };
      const response = await this.api.post('/api/onboardings', hire);
      if (response.status !== 201) throw new Error(`could not start an onboarding: HTTP ${response.status}`);
      this.attentionIds.push(workflowIdFor(hire.employeeId));
    }
    const deadline = Date.now() + 60_000;
    for (const id of this.attentionIds) {
      for (;;) {
        const { status } = (await this.api.get(`/api/onboardings/${id}`)).body as Partial<Detail>;
        if (status === 'needs_attention') break;
        if (Date.now() > deadline) throw new Error(`${id} did not come to need attention within 60 s (it is ${status ?? 'unknown'})`);
        await sleep(250);
      }
    }
    return this.attentionIds;
  }

  // ----- 4. live updates in Chromium -----

  async liveUpdates(onboardings: number): Promise<LiveUpdateResult> {
    const { chromium } = await import('@playwright/test');
    for (const service of SANDBOX_SERVICES) {
      const response = await this.api.put('/api/sandbox/faults', { service, latencyMs: LIVE_STEP_LATENCY_MS, failRate: 0, failNext: 0 });
      if (response.status !== 200) throw new Error(`could not set sandbox latency: HTTP ${response.status}`);
    }
    const browser = await chromium.launch({
      // As the e2e tests: CHROMIUM_PATH (set by npm test), else the system's, else Playwright's own.
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
    });
    const latencies: number[] = [];
    const observations: LiveUpdateResult['observations'] = [];
    try {
      // The app's Content-Security-Policy forbids eval, which Playwright's string predicates use; the
      // observer only reads the DOM, so lifting the policy in this browser changes nothing measured.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      for (let index = 0; index < onboardings; index++) {
        const employeePrefix = `live-${this.tag}`;
        const response = await this.api.post('/api/onboardings', makeHire(employeePrefix, index));
        if (response.status !== 201) throw new Error(`start failed: HTTP ${response.status}`);
        const id = workflowIdFor(`${employeePrefix}-${index}`);
        await page.goto(`${this.stack.appUrl}/onboardings/${id}`);
        await page.getByRole('list', { name: 'Onboarding steps' }).waitFor({ timeout: 30_000 });
        const observingSince = await page.evaluate<number>(INSTALL_STEP_OBSERVER);
        await page.waitForFunction(ALL_STEPS_COMPLETED, undefined, { timeout: 60_000, polling: 100 });
        const shown = await page.evaluate<ShownStatus[]>('window.__benchStepLog');
        const detailResponse = await this.api.get(`/api/onboardings/${id}`);
        const detail = detailResponse.body as Detail;
        latencies.push(...transitionLatencies(detail, shown, observingSince));
        observations.push({
          id,
          observingSince: new Date(observingSince).toISOString(),
          steps: detail.steps.map(({ startedAt, completedAt }) => ({ startedAt, completedAt })),
          shown: shown.map(({ step, status, at }) => ({ step, status, at: new Date(at).toISOString() })),
        });
        this.completedIds.push(id);
      }
    } finally {
      await browser.close();
      for (const service of SANDBOX_SERVICES) {
        await this.api.put('/api/sandbox/faults', { service, latencyMs: 0 }).catch(() => undefined);
      }
    }
    return {
      onboardings,
      transitions: latencies.length,
      stepLatencyMs: LIVE_STEP_LATENCY_MS,
      latency: percentiles(latencies),
      observations,
    };
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

function classifyProcess(commandLine: string): string | undefined {
  if (commandLine.includes('bench/baseline/worker.ts')) return 'baseline-worker';
  if (commandLine.includes('worker/index.ts')) return 'worker';
  if (/\bnext\b.*\bstart\b/.test(commandLine)) return 'web';
  if (commandLine.includes('start-dev')) return 'temporal';
  return undefined;
}

// ----- what the page showed, and when -----

interface ShownStatus {
  step: number;
  status: string;
  at: number;
}

/**
 * Installed in the detail page: records, for each step of the "Onboarding steps" list, every change of its
 * status badge with the time the DOM changed. A string, so the bundler's helpers never leak into the page.
 */
const INSTALL_STEP_OBSERVER = `(() => {
  const labels = ${JSON.stringify(['Pending', 'Running', 'Retrying', 'Completed', 'Failed', 'Skipped', 'Cancelled', 'Compensated'])};
  const shown = [];
  const last = [];
  window.__benchStepLog = shown;
  const read = () => {
    const list = document.querySelector('ol[aria-label="Onboarding steps"]');
    if (!list) return;
    const at = Date.now();
    Array.from(list.children).forEach((item, step) => {
      const status = Array.from(item.querySelectorAll('span'))
        .map((span) => (span.textContent || '').trim())
        .find((text) => labels.includes(text));
      if (status && status !== last[step]) {
        last[step] = status;
        shown.push({ step, status, at });
      }
    });
  };
  read();
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  return Date.now();
})()`;

const ALL_STEPS_COMPLETED = `(() => {
  const list = document.querySelector('ol[aria-label="Onboarding steps"]');
  return !!list && list.children.length === ${STEP_KEYS.length} && (window.__benchStepLog || [])
    .filter((entry) => entry.status === 'Completed').length >= ${STEP_KEYS.length};
})()`;

/**
 * For each step, two transitions: pending -> running (at the step's startedAt) and running -> completed
 * (at completedAt), both stamped by the workflow when it changed its state. The page has shown a change
 * once its badge shows that status or a later one. Changes from before the observer was installed (the
 * page loaded after them) are not counted.
 */
function transitionLatencies(detail: Detail, shown: ShownStatus[], observingSince: number): number[] {
  const latencies: number[] = [];
  detail.steps.forEach((step, index) => {
    const transitions: Array<[string | null, string[]]> = [
      [step.startedAt, ['Running', 'Retrying', 'Completed']],
      [step.completedAt, ['Completed']],
    ];
    for (const [changedAtIso, statuses] of transitions) {
      if (!changedAtIso) continue;
      const changedAt = Date.parse(changedAtIso);
      if (changedAt < observingSince) continue;
      const firstShown = shown.find((entry) => entry.step === index && statuses.includes(entry.status));
      if (firstShown) latencies.push(Math.max(0, firstShown.at - changedAt));
    }
  });
  return latencies;
}

// ----- machine -----

function machine() {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    temporalServer: 'temporal CLI 1.5.1 dev server (server 1.29.1, SQLite file in WAL mode)',
    /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every figure. */
    loadAverageAtStart: os.loadavg().map((load) => round(load, 2)),
  };
}

// ----- report -----

function goals(report: Report): Goal[] {
  const list: Goal[] = [];
  const add = (name: string, goal: string, actual: number | null, format: (v: number) => string, met: (v: number) => boolean) =>
    list.push({ name, goal, actual: actual === null ? '–' : format(actual), met: actual === null ? null : met(actual) });
  const ratio = report.throughput?.ratio ?? null;
  add('throughput ours / bare', '>= 0.90', ratio, (v) => v.toFixed(2), (v) => v >= 0.9);
  add('scale-out: 2 workers / 1 worker', '> 1.00', report.throughput?.scaleOut ?? null, (v) => v.toFixed(2), (v) => v > 1);
  const top = report.latency?.at(-1);
  const ms = (v: number) => formatMs(v);
  add(`start p95 (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.start.p95 ?? null, ms, (v) => v <= 50);
  add(`detail p95, completed (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.detail.p95 ?? null, ms, (v) => v <= 50);
  add(`detail p95, needs attention (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.detailLive.p95 ?? null, ms, (v) => v <= 50);
  add(`list p95 (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 100 ms', top?.list.p95 ?? null, ms, (v) => v <= 100);
  add('end-to-end p50', '<= 1 s', report.endToEnd?.client.p50 ?? null, ms, (v) => v <= 1000);
  add('live update p95 (1 s polling)', '<= 1.5 s', report.liveUpdate?.latency.p95 ?? null, ms, (v) => v <= 1500);
  for (const route of report.resources?.firstLoadJs ?? []) {
    add(`first-load JS ${route.route}`, '<= 150 kB gz', route.gzipKB, (v) => `${v} kB`, (v) => v <= 150);
  }
  return list;
}

interface Report {
  mode: 'full' | 'tiny';
  startedAt: string;
  finishedAt?: string;
  loadAverageAtEnd?: number[];
  machine: ReturnType<typeof machine>;
  settings: Omit<BenchOptions, 'tiny'>;
  throughput?: {
    bare: ThroughputResult;
    ours: ThroughputResult;
    oursTwoWorkers: ThroughputResult;
    ratio: number;
    /** The ratio of each round on its own: how much the machine moved during the run. */
    roundRatios: number[];
    scaleOut: number;
  };
  endToEnd?: { client: Percentiles; server: Percentiles };
  latency?: LatencyLevel[];
  liveUpdate?: LiveUpdateResult;
  resources?: {
    peakRssMiB: { worker: number | null; web: number | null; temporal: number | null; baselineWorker: number | null };
    processes: ReturnType<ProcessMemorySampler['results']>;
    firstLoadJs: RouteFirstLoad[] | null;
  };
  goals?: Goal[];
  errors: string[];
}

function printReport(report: Report): void {
  const rows: string[][] = [];
  const t = report.throughput;
  if (t) {
    for (const result of [t.bare, t.ours, t.oursTwoWorkers]) {
      const cpu = Object.entries(result.cpuMsPerWorkflow)
        .filter(([, ms]) => ms >= 0.5)
        .map(([role, ms]) => `${role} ${Math.round(ms)}`)
        .join(', ');
      rows.push([
        `throughput: ${result.label}`,
        `${result.perSecond}/s`,
        `${result.completed}/${result.started} in ${result.seconds} s · CPU ms each: ${cpu}`,
      ]);
    }
    rows.push([
      'throughput ratio ours / bare',
      t.ratio.toFixed(2),
      `per round ${t.roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')} · scale-out 2 workers / 1: ${t.scaleOut.toFixed(2)}`,
    ]);
  }
  if (report.endToEnd) {
    const { client, server } = report.endToEnd;
    rows.push(['end-to-end (POST -> completed)', `p50 ${formatMs(client.p50)}`, `p95 ${formatMs(client.p95)} · server-side p50 ${formatMs(server.p50)}`]);
  }
  for (const level of report.latency ?? []) {
    for (const [name, p] of [
      ['POST /api/onboardings', level.start],
      ['GET /api/onboardings/:id (completed)', level.detail],
      ['GET /api/onboardings/:id (needs attention)', level.detailLive],
      ['GET /api/onboardings', level.list],
    ] as const) {
      rows.push([`${name} @${level.onboardingsInNamespace}`, `p50 ${formatMs(p.p50)}`, `p95 ${formatMs(p.p95)} · p99 ${formatMs(p.p99)}`]);
    }
  }
  if (report.liveUpdate) {
    const { latency, transitions } = report.liveUpdate;
    rows.push(['live update (state -> DOM)', `p50 ${formatMs(latency.p50)}`, `p95 ${formatMs(latency.p95)} over ${transitions} transitions`]);
  }
  if (report.resources) {
    const { peakRssMiB, firstLoadJs: routes } = report.resources;
    rows.push(['peak RSS', `worker ${peakRssMiB.worker ?? '–'} MiB`, `web ${peakRssMiB.web ?? '–'} MiB · temporal ${peakRssMiB.temporal ?? '–'} MiB`]);
    for (const route of routes ?? []) rows.push([`first-load JS ${route.route}`, `${route.gzipKB} kB gz`, `${route.rawKB} kB raw, ${route.chunks} chunks`]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  console.log('');
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`);
  console.log('');
  for (const goal of report.goals ?? []) {
    const mark = goal.met === null ? '?' : goal.met ? 'ok' : 'MISSED';
    console.log(`  [${mark.padEnd(6)}] ${goal.name}: ${goal.actual} (goal ${goal.goal})`);
  }
  for (const error of report.errors) console.log(`  [ERROR ] ${error}`);
  console.log('');
}

// ----- main -----

async function main(): Promise<void> {
  const options = parseOptions();
  const { tiny, ...settings } = options;
  const report: Report = { mode: tiny ? 'tiny' : 'full', startedAt: new Date().toISOString(), machine: machine(), settings, errors: [] };
  const bench = new Bench(options);
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    log(`${name}...`);
    const t0 = Date.now();
    try {
      const result = await run();
      log(`${name}: done in ${round((Date.now() - t0) / 1000)} s`);
      return result;
    } catch (error) {
      report.errors.push(`${name}: ${errorMessage(error)}`);
      console.error(`[bench] ${name} failed:`, error);
      return undefined;
    } finally {
      // What is measured so far survives an interrupted run.
      writeFileSync(path.join(bench.dataDir, 'bench-results-so-far.json'), `${JSON.stringify(report, null, 2)}\n`);
    }
  };

  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log('interrupted: stopping the stack');
    void bench.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => bench.stack.killAllNow());

  try {
    await bench.start();
    if (options.phases.has('throughput')) await phase('warm-up', async () => {
      // JIT, connections and the first compilation of each route: not part of any figure.
      await bench.bareThroughput(Math.min(20, options.count), 'warmup', 'warm-up');
      await bench.oursThroughput(Math.min(20, options.count), 'warmup', 'warm-up');
    });
    // Bare and ours take turns, in rounds: the machine is shared, and a neighbour's load that comes or
    // goes between two long phases would otherwise land on one side of the ratio only.
    const bareRounds: Array<ThroughputResult | undefined> = [];
    const oursRounds: Array<ThroughputResult | undefined> = [];
    if (options.phases.has('throughput')) {
      const sizes = splitInto(options.count, options.rounds);
      for (const [index, size] of sizes.entries()) {
        const of = `round ${index + 1} of ${sizes.length}`;
        bareRounds.push(await phase(`bare baseline, ${of}: ${size} workflows`, () => bench.bareThroughput(size, `w1r${index}`, 'bare, 1 worker')));
        oursRounds.push(await phase(`ours, 1 worker, ${of}: ${size} onboardings`, () => bench.oursThroughput(size, `w1r${index}`, 'ours, 1 worker')));
      }
    }
    const bare = combineRounds('bare, 1 worker', bareRounds);
    const ours = combineRounds('ours, 1 worker', oursRounds);
    const two = options.phases.has('throughput') ? await phase(`ours: ${options.count} onboardings, 2 workers`, async () => {
      await bench.addWorker();
      return bench.oursThroughput(options.count, 'w2', 'ours, 2 workers');
    }) : undefined;
    if (bare && ours && two) {
      report.throughput = {
        bare,
        ours,
        oursTwoWorkers: two,
        ratio: round(ours.perSecond / bare.perSecond, 3),
        roundRatios: oursRounds.map((result, index) => round((result?.perSecond ?? 0) / (bareRounds[index]?.perSecond ?? 1), 3)),
        scaleOut: round(two.perSecond / ours.perSecond, 3),
      };
    }
    if (options.phases.has('e2e')) report.endToEnd = await phase('end-to-end', () => bench.endToEnd(options.endToEndRuns));
    if (options.phases.has('latency')) {
      report.latency = [];
      for (const level of options.levels) {
        const result = await phase(`API latency at ${level}`, () => bench.apiLatency(level));
        if (result) report.latency.push(result);
      }
    }
    if (options.phases.has('live')) {
      report.liveUpdate = await phase('live updates in Chromium', () => bench.liveUpdates(options.liveOnboardings));
    }
  } catch (error) {
    report.errors.push(`stack: ${errorMessage(error)}`);
    console.error('[bench] could not run:', error);
  } finally {
    await bench.stop().catch((error: unknown) => report.errors.push(`stop: ${errorMessage(error)}`));
  }
  report.errors.push(...bench.failures);

  report.resources = {
    peakRssMiB: {
      worker: bench.memory.peakOf('worker'),
      web: bench.memory.peakOf('web'),
      temporal: bench.memory.peakOf('temporal'),
      baselineWorker: bench.memory.peakOf('baseline-worker'),
    },
    processes: bench.memory.results(),
    firstLoadJs: firstLoadJs(REPO_ROOT, options.distDir) ?? null,
  };
  report.finishedAt = new Date().toISOString();
  report.loadAverageAtEnd = os.loadavg().map((load) => round(load, 2));
  report.goals = goals(report);
  printReport(report);

  // Only a complete full run replaces the published figures.
  const complete = !tiny && options.phases.size === PHASES.length;
  // Others go next to it under a git-ignored name (.tmp), outliving the data folder a tiny run removes.
  const resultsFile = path.join(REPO_ROOT, 'bench', 'results', complete ? 'latest.json' : `${tiny ? 'tiny' : 'partial'}.tmp`);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  log(`results written to ${path.relative(REPO_ROOT, resultsFile)}`);
  if (tiny && report.errors.length === 0) {
    // A tiny run only proves the command works; its data is of no further use.
    rmSync(bench.dataDir, { recursive: true, force: true });
  }
  process.exit(report.errors.length === 0 ? 0 : 1);
}

void main();

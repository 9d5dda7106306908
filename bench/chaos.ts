/**
 * `npm run chaos`: proves that onboardings are neither lost nor duplicated while the world misbehaves.
 *
 * Starts its own stack (web 3700, Temporal 7700, data in .data/chaos-<ts>, production build in .next-chaos),
 * makes every simulated service fail 30% of calls with latency, half of those failures *after* the work
 * (delivered, then the answer is lost: only idempotency keeps the retry from delivering twice), starts N
 * onboardings through the HTTP API and, meanwhile, SIGKILLs the worker at random moments and at moments
 * chosen to land after a delivery and before its answer comes back (timed kills), restarts the Temporal dev
 * server (same SQLite file) and the web app, and runs a second worker for part of the run. Onboardings that
 * give up (needs_attention) are retried through the API as an operator would, and counted. Then faults are
 * cleared, everything is awaited (bounded), and the sandbox's deliveries are audited.
 *
 * With --cluster, Temporal is the production topology's instead (scripts/lib/cluster.ts: server 1.29.1 on PostgreSQL,
 * data in the same folder) and the chaos adds a PostgreSQL restart; --cluster --short (the cluster stage of
 * `npm test`) is 20 onboardings, one worker kill and one PostgreSQL restart, no Temporal restart.
 *
 * `--breaker` is another run altogether (bench/breaker-chaos.ts): Slack down 100 % for 30 s, 50 onboardings,
 * and the breaker must keep the calls to Slack at BREAKER_FAILURES + probes.
 *
 * Flags: --count N (default 200), --short (30 onboardings, one worker kill, one timed kill, one Temporal
 * restart), --cluster, --soak (2,000 onboardings over at least 30 minutes with periodic kills and restarts, sampling
 * each process's memory and the sandbox's disk use), --concurrency N (parallel POSTs, default 8), --rate N
 * (starts per second, default 4), --dist-dir DIR (default .next-chaos), --keep-data (keep .data/chaos-<ts>),
 * --breaker-cooldown 30s (BREAKER_COOLDOWN; the product's default, or 5s with --short),
 * --break-idempotency-for-proof (workers run with CHAOS_BREAK_IDEMPOTENCY_FOR_PROOF=1, a key per attempt:
 * the run must then fail, which proves the verdict can).
 * Exit code 0 only when every onboarding completed, no step was delivered twice, no delivery lost or
 * unattributed, every service answered at least one retry from its idempotency record (replays > 0), and
 * no step is left `waiting` for its service (nor any onboarding registered with a breaker).
 * The report also says how often each service's breaker opened and how long steps waited for it.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHumanDuration } from '../common/config';
import type { TemporalCluster } from '../scripts/lib/cluster';
import { REPO_ROOT, Stack } from '../scripts/lib/stack';
import { detailSchema, SANDBOX_SERVICES, sandboxStateSchema, summarySchema, type Detail, type SandboxService, type Summary } from '../contract/http';
import { ApiClient, errorCodeOf, makeHire } from './lib/api-client';
import { ensureProductionBuild } from './lib/build';
import { clusterDisruptions, startChaosCluster } from './lib/cluster-chaos';
import { readBreakerFigures, waitFigures, type BreakerFigures, type WaitFigures } from './lib/breaker-figures';
import { auditDeliveries, type DeliveryAudit } from './lib/deliveries';
import { rssByRoot } from './lib/process-memory';
import { formatMs, percentiles, type Percentiles } from './lib/stats';
import { randomBetween, sleep } from './lib/time';
import { runBreakerChaos } from './breaker-chaos';

// ----- options -----

interface ChaosOptions {
  count: number;
  short: boolean;
  soak: boolean;
  /** Workers send a key per attempt (CHAOS_BREAK_IDEMPOTENCY_FOR_PROOF=1): the run must fail. */
  breakIdempotency: boolean;
  /** Worker kills timed to land while delivered answers are held back by an "after" latency. */
  timedKills: number;
  /** The soak's shortest duration of starts, in ms (0 outside the soak). */
  minLoadMs: number;
  concurrency: number;
  startsPerSecond: number;
  workerKills: number;
  temporalRestarts: number;
  /** Temporal on PostgreSQL (the production topology) instead of the dev server. */
  cluster: boolean;
  postgresRestarts: number;
  webRestarts: number;
  secondWorker: boolean;
  /** How long faults stay on after the chaos, at most, while onboardings work through them. */
  soakTimeoutMs: number;
  /** How long to wait for stragglers after the chaos and the starts are over and faults are cleared. */
  finishTimeoutMs: number;
  distDir: string;
  keepData: boolean;
  /**
   * BREAKER_COOLDOWN for the run (`--breaker-cooldown`): the product's default (30 s) unless `--short`, which
   * uses 5 s to stay within the `npm test` stage's time (docs/reliability.md, "The breakers in the chaos run").
   */
  breakerCooldown: string | undefined;
}

function parseOptions(argv: string[]): ChaosOptions {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const positive = (flag: string, fallback: number): number => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} must be a positive number, got "${raw}"`);
    return parsed;
  };
  const short = argv.includes('--short');
  const cluster = argv.includes('--cluster');
  const soak = argv.includes('--soak');
  if (short && soak) throw new Error('--short and --soak do not go together');
  const count = Math.round(positive('--count', short ? (cluster ? 20 : 30) : soak ? 2000 : 200));
  const minLoadMs = soak ? positive('--soak-minutes', 30) * 60_000 : 0;
  return {
    count,
    short,
    soak,
    breakIdempotency: argv.includes('--break-idempotency-for-proof'),
    timedKills: short ? 1 : 3,
    minLoadMs,
    concurrency: Math.round(positive('--concurrency', 8)),
    // The soak spreads its starts over at least --soak-minutes.
    startsPerSecond: positive('--rate', short ? 6 : soak ? count / (minLoadMs / 1000) : 4),
    workerKills: short ? 1 : 4,
    temporalRestarts: cluster && short ? 0 : 1,
    cluster,
    postgresRestarts: cluster ? 1 : 0,
    webRestarts: short ? 0 : 1,
    secondWorker: !short && !soak,
    soakTimeoutMs: (short ? 45 : 240) * 1000,
    finishTimeoutMs: (short ? 120 : soak ? 900 : 420) * 1000,
    distDir: value('--dist-dir') ?? process.env.CHAOS_DIST_DIR ?? '.next-chaos',
    keepData: argv.includes('--keep-data'),
    breakerCooldown: breakerCooldown(value('--breaker-cooldown') ?? (short ? SHORT_BREAKER_COOLDOWN : undefined)),
  };
}

/**
 * The short run's cooldown. Its 30 %-failing services sometimes fail 5 calls in a row, which opens a
 * breaker (as it should); each failed probe then costs a whole cooldown, which at the default 30 s
 * would double the `npm test` stage.
 */
const SHORT_BREAKER_COOLDOWN = '5s';

function breakerCooldown(raw: string | undefined): string | undefined {
  if (raw !== undefined && parseHumanDuration(raw) === undefined) throw new Error(`--breaker-cooldown must be a duration like 5s or 30s, got "${raw}"`);
  return raw;
}

// ----- the run's shared state -----

const WEB_PORT = 3700 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const TEMPORAL_PORT = 7700 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const POSTGRES_PORT = 5700 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const FAULT_RATE = 0.3;
/**
 * Every service starts with this many calls failing after the work, kept "after" until they are used up,
 * so even the 30-onboarding `--short` run sees a lost answer (and its replay) on every service, not by luck.
 */
const GUARANTEED_AFTER_FAULTS = 2;
const runStartedAt = Date.now();
/** Times in the log and the report count from the moment the stack is up (a build may come first). */
let clockZero = runStartedAt;
const since = () => `t+${((Date.now() - clockZero) / 1000).toFixed(1)}s`;
const log = (line: string) => console.log(`[chaos ${since()}] ${line}`);

interface StartRecord {
  employeeId: string;
  id: string;
  /** HTTP answers (or network errors) of each POST attempt, in order. */
  answers: string[];
  outcome: 'started' | 'started (409 on retry)' | 'failed';
}

interface ChaosEvent {
  at: string;
  action: string;
}

// ----- chaos actions -----

class ChaosMonkey {
  readonly events: ChaosEvent[] = [];
  private extraWorker: Stack | undefined;

  constructor(
    private readonly stack: Stack,
    private readonly makeExtraWorker: () => Stack,
    private readonly options: ChaosOptions,
    private readonly cluster?: TemporalCluster,
  ) {}

  private record(action: string) {
    this.events.push({ at: since(), action });
    log(`CHAOS: ${action}`);
  }

  /** Set by main: the faults the run keeps between disruptions, to restore after a timed kill. */
  restoreFaults: () => Promise<void> = () => Promise.resolve();
  /** True while a timed kill owns the faults (the after/before shuffle waits). */
  faultsHeld = false;

  /**
   * A kill that lands after deliveries and before their answers: every service switches to "after" with
   * a long latency, so each call does its work, records the delivery and then holds the answer back;
   * once deliveries made since the switch are seen, the worker is SIGKILLed. Those answers never reach an
   * activity; Temporal retries each on the next worker (heartbeat timeout), and the retry must be a replay.
   */
  async timedKillWorker(api: ApiClient) {
    const holdMs = 6000;
    this.faultsHeld = true;
    try {
      const switchedAt = Date.now();
      await putFaults(api, () => ({ after: true, latencyMs: holdMs }));
      let held = 0;
      const deadline = Date.now() + holdMs - 1000;
      while (Date.now() < deadline) {
        await sleep(500);
        held = await deliveriesSince(api, switchedAt).catch(() => 0);
        // Deliveries made since the switch are answers still held back by the latency.
        if (held >= 3) break;
      }
      this.record(`SIGKILL the worker after ${held} deliveries whose answers were still held back ("after" latency ${holdMs} ms)`);
      await this.stack.killWorker('SIGKILL');
      await this.restoreFaults();
    } finally {
      this.faultsHeld = false;
    }
    await sleep(randomBetween(500, 2500));
    await this.stack.startWorker();
    this.record('worker started again');
  }

  async killWorker() {
    this.record('SIGKILL the worker');
    await this.stack.killWorker('SIGKILL');
    await sleep(randomBetween(500, 2500));
    await this.stack.startWorker();
    this.record('worker started again');
  }

  async restartTemporal() {
    if (this.cluster) return clusterDisruptions(this.cluster, (action) => this.record(action)).restartTemporal();
    this.record('stop the Temporal dev server');
    await this.stack.stopTemporal();
    await sleep(randomBetween(2000, 4000));
    await this.stack.startTemporal();
    this.record('Temporal dev server started again (same SQLite file)');
  }

  async restartPostgres() {
    if (this.cluster) await clusterDisruptions(this.cluster, (action) => this.record(action)).restartPostgres();
  }

  async restartWeb() {
    this.record('SIGKILL the web app and start it again (API and sandbox services go down mid-request)');
    // A crash, not a graceful stop: requests in flight are cut, so a delivery can happen without its answer.
    await this.stack.restartWeb('SIGKILL');
    this.record('web app is back');
  }

  async startSecondWorker() {
    this.extraWorker = this.makeExtraWorker();
    await this.extraWorker.startWorker();
    this.record('second worker running');
  }

  async stopSecondWorker() {
    if (!this.extraWorker) return;
    this.record('stop the second worker (SIGTERM: graceful drain)');
    await this.extraWorker.killWorker('SIGTERM');
    this.extraWorker = undefined;
  }

  /**
   * The plan: worker kills spread over the run, the other disruptions shuffled in between, random gaps.
   * Actions run one at a time so each one's effect is clear in the timeline.
   */
  async run(isLoadRunning: () => boolean, api: ApiClient): Promise<void> {
    if (this.options.soak) return this.soak(isLoadRunning, api);
    const disruptions: (() => Promise<void>)[] = [];
    for (let i = 0; i < this.options.timedKills; i++) disruptions.push(() => this.timedKillWorker(api));
    for (let i = 0; i < this.options.temporalRestarts; i++) disruptions.push(() => this.restartTemporal());
    for (let i = 0; i < this.options.postgresRestarts; i++) disruptions.push(() => this.restartPostgres());
    for (let i = 0; i < this.options.webRestarts; i++) disruptions.push(() => this.restartWeb());
    shuffle(disruptions);
    const plan: (() => Promise<void>)[] = [];
    if (this.options.secondWorker) plan.push(() => this.startSecondWorker());
    for (let i = 0; i < this.options.workerKills; i++) {
      plan.push(() => this.killWorker());
      const disruption = disruptions.shift();
      if (disruption) plan.push(disruption);
    }
    plan.push(...disruptions);
    if (this.options.secondWorker) plan.splice(plan.length - 1, 0, () => this.stopSecondWorker());

    await sleep(randomBetween(1500, 3000));
    for (const action of plan) {
      await action();
      // While starts are still going, keep disrupting them; afterwards keep the gaps short so the
      // remaining actions still hit onboardings in flight.
      await sleep(isLoadRunning() ? randomBetween(2000, 5000) : randomBetween(1000, 2500));
    }
  }

  /** The soak: one disruption every 1.5–3 minutes while starts go on, in a fixed rotation. */
  private async soak(isLoadRunning: () => boolean, api: ApiClient): Promise<void> {
    const rotation = [
      () => this.killWorker(),
      () => this.timedKillWorker(api),
      () => this.restartWeb(),
      () => this.timedKillWorker(api),
      () => this.killWorker(),
      () => this.restartTemporal(),
    ];
    for (let i = 0; ; i++) {
      await sleep(randomBetween(90_000, 180_000));
      if (!isLoadRunning()) return;
      await rotation[i % rotation.length]!();
    }
  }

  async cleanup() {
    if (this.extraWorker) await this.extraWorker.stop();
  }
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

// ----- load -----

const START_GIVE_UP_MS = 180_000;

/** POSTs one new hire, retrying 503s and network errors (Temporal or the web app restarting). */
async function startOne(api: ApiClient, employeeId: string, n: number, prefix: string): Promise<StartRecord> {
  const record: StartRecord = { employeeId, id: `onboarding-${employeeId}`, answers: [], outcome: 'failed' };
  const giveUpAt = Date.now() + START_GIVE_UP_MS;
  for (let attempt = 1; Date.now() < giveUpAt; attempt++) {
    try {
      const response = await api.post('/api/onboardings', makeHire(prefix, n));
      const code = errorCodeOf(response.body);
      record.answers.push(code ? `${response.status} ${code}` : String(response.status));
      if (response.status === 201) {
        record.outcome = 'started';
        return record;
      }
      // The first attempt may have started it before its answer was lost (web restart): that is a start.
      if (response.status === 409 && code === 'already_exists' && attempt > 1) {
        record.outcome = 'started (409 on retry)';
        return record;
      }
      if (response.status !== 503 && response.status < 500) return record;
    } catch (error) {
      record.answers.push(`network: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(Math.min(3000, 250 * attempt));
  }
  return record;
}

async function startAll(api: ApiClient, options: ChaosOptions, prefix: string): Promise<StartRecord[]> {
  const records: StartRecord[] = [];
  let next = 0;
  const interval = 1000 / options.startsPerSecond;
  const begin = Date.now();
  const lane = async () => {
    for (;;) {
      const n = next++;
      if (n >= options.count) return;
      // Pace the starts so the chaos meets onboardings at every stage, not one burst at the beginning.
      const due = begin + n * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      records.push(await startOne(api, `${prefix}-${n}`, n, prefix));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return records;
}

// ----- observing -----

/** Every onboarding of this run, from the list API (all pages); throws while the API is unavailable. */
async function listRun(api: ApiClient, prefix: string, status?: string): Promise<Summary[]> {
  // Keyed by ID: while statuses change, paging can show one onboarding on two pages.
  const items = new Map<string, Summary>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ pageSize: '100' });
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    const response = await api.get(`/api/onboardings?${query}`);
    if (response.status !== 200) throw new Error(`list answered ${response.status}`);
    const body = response.body as { items: unknown[]; nextCursor: string | null };
    for (const item of body.items) {
      const summary = summarySchema.parse(item);
      if (summary.employeeId.startsWith(`${prefix}-`)) items.set(summary.id, summary);
    }
    cursor = body.nextCursor;
  } while (cursor);
  return [...items.values()];
}

/** The operator: retries every onboarding that needs attention, as HR would from the dashboard. */
class Operator {
  readonly neededPerson = new Map<string, number>();
  retriesAccepted = 0;
  private lastRetryAt = new Map<string, number>();

  constructor(
    private readonly api: ApiClient,
    private readonly prefix: string,
  ) {}

  async sweep(): Promise<void> {
    const waiting = await listRun(this.api, this.prefix, 'needs_attention');
    for (const onboarding of waiting) {
      // The list is eventually consistent: give a just-retried onboarding time to show it runs again.
      if (Date.now() - (this.lastRetryAt.get(onboarding.id) ?? 0) < 5000) continue;
      const response = await this.api.post(`/api/onboardings/${onboarding.id}/retry`, {});
      if (response.status === 200) {
        this.retriesAccepted++;
        this.lastRetryAt.set(onboarding.id, Date.now());
        this.neededPerson.set(onboarding.id, (this.neededPerson.get(onboarding.id) ?? 0) + 1);
      }
    }
  }
}

/** PUTs each service's faults (the fields `settings` gives), retrying while the web app restarts. */
async function putFaults(api: ApiClient, settings: (service: SandboxService) => Record<string, unknown>): Promise<void> {
  for (const service of SANDBOX_SERVICES) {
    const body = { service, ...settings(service) };
    for (let attempt = 1; ; attempt++) {
      const response = await api.put('/api/sandbox/faults', body).catch(() => undefined);
      if (response?.status === 200) break;
      if (attempt >= 20) throw new Error(`could not set faults on ${service}: ${response?.status ?? 'network error'}`);
      await sleep(1000);
    }
  }
}

/**
 * Which services fail after the work: half of them, a different half at every shuffle, so over the run
 * about half the simulated faults strike after the delivery. `afterShare` counts service-periods.
 */
class FaultPlan {
  private after = new Set<SandboxService>();
  private readonly latency = new Map<SandboxService, number>();
  periods = { after: 0, before: 0 };

  /** `keepAfter`: services that must stay "after" (their guaranteed after-faults are not used up yet). */
  shuffle(keepAfter: readonly SandboxService[] = []): void {
    const services = [...SANDBOX_SERVICES].filter((service) => !keepAfter.includes(service));
    shuffle(services);
    this.after = new Set([...keepAfter, ...services.slice(0, Math.max(0, SANDBOX_SERVICES.length / 2 - keepAfter.length))]);
    this.periods.after += this.after.size;
    this.periods.before += SANDBOX_SERVICES.length - this.after.size;
  }

  settings(service: SandboxService) {
    if (!this.latency.has(service)) this.latency.set(service, randomBetween(100, 300));
    // No failNext here: the run's first after-faults (GUARANTEED_AFTER_FAULTS) must not be reset.
    return { failRate: FAULT_RATE, latencyMs: this.latency.get(service), permanent: false, after: this.after.has(service) };
  }
}

async function clearFaults(api: ApiClient): Promise<void> {
  await putFaults(api, () => ({ failRate: 0, latencyMs: 0, failNext: 0, permanent: false, after: false }));
}

/** How many deliveries the sandbox recorded at or after `since` (epoch ms). */
async function deliveriesSince(api: ApiClient, since: number): Promise<number> {
  const response = await api.get('/api/sandbox/state');
  if (response.status !== 200) return 0;
  const state = sandboxStateSchema.parse(response.body);
  return SANDBOX_SERVICES.reduce((sum, service) => sum + state.deliveries[service].filter((d) => Date.parse(d.at) >= since).length, 0);
}

// ----- soak measurements -----

interface SoakSample {
  /** Seconds since the stack came up. */
  t: number;
  completed: number;
  rssMiB: Record<string, { pid: number; rssMiB: number }[]>;
  sandboxDiskBytes: number;
  dataDirBytes: number;
}

function classifyProcess(commandLine: string): string | undefined {
  if (commandLine.includes('worker/index.ts')) return 'worker';
  // Next renames its process (process.title), which rewrites /proc/<pid>/cmdline to "next-server (v…)".
  if (/\bnext\b.*\bstart\b/.test(commandLine) || commandLine.startsWith('next-server')) return 'web';
  if (commandLine.includes('start-dev')) return 'temporal';
  return undefined;
}

function directoryBytes(dir: string): number {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(full);
    else total += statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

interface MemoryGrowth {
  role: string;
  /** The process (pid) observed longest without a restart; the growth is measured over its samples. */
  pid: number;
  samples: number;
  firstMiB: number;
  lastMiB: number;
  maxMiB: number;
  onboardingsCovered: number;
  /** Least-squares slope of RSS against completed onboardings, per 1,000 onboardings. */
  growthMiBPer1000: number | null;
}

function memoryGrowth(samples: readonly SoakSample[]): MemoryGrowth[] {
  const roles = new Set(samples.flatMap((sample) => Object.keys(sample.rssMiB)));
  const growth: MemoryGrowth[] = [];
  for (const role of roles) {
    const byPid = new Map<number, { completed: number; rss: number }[]>();
    for (const sample of samples) {
      for (const { pid, rssMiB } of sample.rssMiB[role] ?? []) byPid.set(pid, [...(byPid.get(pid) ?? []), { completed: sample.completed, rss: rssMiB }]);
    }
    const [pid, points] = [...byPid].sort((a, b) => (b[1].at(-1)!.completed - b[1][0]!.completed) - (a[1].at(-1)!.completed - a[1][0]!.completed))[0] ?? [0, []];
    if (points.length === 0) continue;
    const n = points.length;
    const mx = points.reduce((sum, p) => sum + p.completed, 0) / n;
    const my = points.reduce((sum, p) => sum + p.rss, 0) / n;
    const sxx = points.reduce((sum, p) => sum + (p.completed - mx) ** 2, 0);
    const sxy = points.reduce((sum, p) => sum + (p.completed - mx) * (p.rss - my), 0);
    growth.push({
      role,
      pid,
      samples: n,
      firstMiB: points[0]!.rss,
      lastMiB: points.at(-1)!.rss,
      maxMiB: Math.max(...points.map((p) => p.rss)),
      onboardingsCovered: points.at(-1)!.completed - points[0]!.completed,
      growthMiBPer1000: sxx > 0 ? Math.round((sxy / sxx) * 1000 * 10) / 10 : null,
    });
  }
  return growth;
}

// ----- report -----

interface ChaosReport {
  goalMet: boolean;
  command: string;
  finishedAt: string;
  /** Build (if needed) and stack start. */
  setupSeconds: number;
  /** From the first start to the end of the audit. */
  durationSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  options: ChaosOptions;
  topology: string;
  faults: { failRate: number; latencyMs: string; afterShare: number };
  /** Per service: requests the sandbox received, and those answered from an idempotency record. */
  sandbox: Record<SandboxService, { calls: number; replays: number }>;
  verdict: string[];
  soak?: { samples: SoakSample[]; memory: MemoryGrowth[]; sandboxDiskBytesEnd: number; dataDirBytesEnd: number };
  timeline: ChaosEvent[];
  onboardings: {
    requested: number;
    started: number;
    startedAfter409: number;
    failedToStart: number;
    startAttemptsAnswered503: number;
    startAttemptsNetworkError: number;
    completed: number;
    stuck: number;
    needsAttentionAtEnd: number;
    missingFromList: number;
    neededPerson: number;
    operatorRetries: number;
    finalStatuses: Record<string, number>;
  };
  deliveries: DeliveryAudit & { duplicatesTotal: number; lostTotal: number; unattributedTotal: number };
  /** Each service's breaker: its own counters (null: never started) and the steps that waited for it. */
  breakers: { counters: BreakerFigures | { unavailable: string }; waits: WaitFigures };
  completionMs: { all: Percentiles; withoutPerson: Percentiles };
  stuckExamples: string[];
}

function machine(): ChaosReport['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function toMarkdown(report: ChaosReport): string {
  const o = report.onboardings;
  const lines = [
    `# Chaos run${report.options.breakIdempotency ? ' with idempotency deliberately BROKEN (proof run)' : ''} — ${report.goalMet ? 'goal met' : 'GOAL MISSED'}`,
    '',
    `\`${report.command}\` finished ${report.finishedAt}: ${report.durationSeconds} s of load and chaos (after ${report.setupSeconds} s of build and start) on ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}.`,
    `Temporal: ${report.topology}. Faults on every service: ${report.faults.failRate * 100}% of calls fail (503), latency ${report.faults.latencyMs}; ${Math.round(report.faults.afterShare * 100)}% of the faults strike after the work (delivered, answer lost).`,
    '',
    ...(report.verdict.length > 0 ? ['Verdict: the goal was missed because', ...report.verdict.map((line) => `- ${line}`), ''] : []),
    '| measure | value |',
    '|---|---|',
    `| onboardings requested | ${o.requested} |`,
    `| started (201, or 409 already_exists on a retried POST) | ${o.started} (${o.startedAfter409} via 409) |`,
    `| failed to start | ${o.failedToStart} |`,
    `| POST attempts answered 503 / network error (retried) | ${o.startAttemptsAnswered503} / ${o.startAttemptsNetworkError} |`,
    `| **completed** | **${o.completed}** |`,
    `| **stuck** (not finished by the deadline) | **${o.stuck}** |`,
    `| needs_attention at the end | ${o.needsAttentionAtEnd} |`,
    `| missing from the list (lost onboardings) | ${o.missingFromList} |`,
    `| needed a person (gave up, retried through the API) | ${o.neededPerson} (${o.operatorRetries} retries) |`,
    `| **duplicate deliveries** | **${report.deliveries.duplicatesTotal}** |`,
    `| **lost deliveries** | **${report.deliveries.lostTotal}** |`,
    `| **unattributed deliveries** | **${report.deliveries.unattributedTotal}** |`,
    `| completion time p50 / p95 / p99 (all) | ${formatMs(report.completionMs.all.p50)} / ${formatMs(report.completionMs.all.p95)} / ${formatMs(report.completionMs.all.p99)} |`,
    `| completion time p50 / p95 / p99 (no person needed) | ${formatMs(report.completionMs.withoutPerson.p50)} / ${formatMs(report.completionMs.withoutPerson.p95)} / ${formatMs(report.completionMs.withoutPerson.p99)} |`,
    '',
    '| service | calls | replays | deliveries (of which compensations) | duplicate keys | duplicate (workflow, step) | unattributed |',
    '|---|---|---|---|---|---|---|',
    ...SANDBOX_SERVICES.map((service) => {
      const s = report.deliveries.services[service];
      const counters = report.sandbox[service];
      return `| ${service} | ${counters.calls} | ${counters.replays} | ${s.deliveries} (${s.compensations}) | ${s.duplicateKeys} | ${s.duplicateSteps} | ${s.unattributed} |`;
    }),
    '',
    ...(report.deliveries.duplicateExamples.length > 0
      ? ['Duplicates (examples):', ...report.deliveries.duplicateExamples.slice(0, 5).map((d) => `- ${d.service}: ${d.key} × ${d.count}`), '']
      : []),
    ...(report.deliveries.unattributedExamples.length > 0
      ? ['Unattributed (examples):', ...report.deliveries.unattributedExamples.slice(0, 5).map((d) => `- ${d.service}: ${d.key ?? '(no key)'}`), '']
      : []),
    ...breakerMarkdown(report.breakers, report.options.breakerCooldown),
    ...(report.soak ? soakMarkdown(report.soak) : []),
    '## Timeline',
    '',
    ...report.timeline.map((event) => `- ${event.at} ${event.action}`),
    '',
  ];
  return lines.join('\n');
}

function breakerMarkdown({ counters, waits }: ChaosReport['breakers'], cooldown: string | undefined): string[] {
  const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
  return [
    '## Breakers',
    '',
    `BREAKER_COOLDOWN ${cooldown ?? 'default (30s)'}, BREAKER_FAILURES and BREAKER_WINDOW default (5, 1m). "waits" counts each time a step was held, "steps that waited" each (onboarding, step) held at least once; a wait lasts from the step's "waits" event to its next one.`,
    '',
    ...('unavailable' in counters ? [`The breakers' counters could not be read: ${counters.unavailable}`, ''] : []),
    '| service | opened | time open | probes (failed, lost) | onboardings woken | state at the end (waiting) | steps that waited | waits | wait p50 / p95 / max | longest total wait of one step |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...SANDBOX_SERVICES.map((service) => {
      const c = 'unavailable' in counters ? undefined : counters[service];
      const w = waits.services[service];
      const breaker = c === undefined ? '? | ? | ? | ? | ?' : c === null ? '0 | 0 s | 0 (0, 0) | 0 | never started (0)' : `${c.opened} | ${seconds(c.openMs)} | ${c.probes} (${c.probesFailed}, ${c.probesLost}) | ${c.released} | ${c.state} (${c.waiting})`;
      return `| ${service} | ${breaker} | ${w.stepsWaited} | ${w.waits} | ${seconds(w.waitMs.p50)} / ${seconds(w.waitMs.p95)} / ${seconds(w.waitMs.max)} | ${seconds(w.longestStepMs)} |`;
    }),
    '',
    ...(waits.stillWaiting.length > 0
      ? ['Steps still waiting at the end:', ...waits.stillWaiting.slice(0, 10).map((w) => `- ${w.id} ${w.step} since ${w.since || '?'}: ${w.reason ?? '(no reason)'}`), '']
      : []),
  ];
}

function soakMarkdown(soak: NonNullable<ChaosReport['soak']>): string[] {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const every = Math.max(1, Math.ceil(soak.samples.length / 12));
  return [
    '## Memory and disk over the soak',
    '',
    '| process | pid measured | samples | onboardings covered | first / last / max RSS (MiB) | growth per 1,000 onboardings (MiB) |',
    '|---|---|---|---|---|---|',
    ...soak.memory.map((m) => `| ${m.role} | ${m.pid} | ${m.samples} | ${m.onboardingsCovered} | ${m.firstMiB} / ${m.lastMiB} / ${m.maxMiB} | ${m.growthMiBPer1000 ?? 'n/a'} |`),
    '',
    `Sandbox files at the end: ${mib(soak.sandboxDiskBytesEnd)} MiB; whole data folder (Temporal's SQLite included): ${mib(soak.dataDirBytesEnd)} MiB.`,
    '',
    '| t (s) | completed | web RSS | worker RSS | Temporal RSS | sandbox files (MiB) | data folder (MiB) |',
    '|---|---|---|---|---|---|---|',
    ...soak.samples
      .filter((_, i) => i % every === 0 || i === soak.samples.length - 1)
      .map((x) => {
        const rss = (role: string) => (x.rssMiB[role] ?? []).map((r) => r.rssMiB).join(' + ') || '—';
        return `| ${x.t} | ${x.completed} | ${rss('web')} | ${rss('worker')} | ${rss('temporal')} | ${mib(x.sandboxDiskBytes)} | ${mib(x.dataDirBytes)} |`;
      }),
    '',
  ];
}

// ----- main -----

async function main(): Promise<number> {
  // A run of its own: Slack down for 30 s, the breaker must stop the calls (bench/breaker-chaos.ts).
  if (process.argv.includes('--breaker')) return runBreakerChaos(process.argv.slice(2));
  const options = parseOptions(process.argv.slice(2));
  const command = `npm run chaos${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dataDir = path.join(REPO_ROOT, '.data', `chaos-${stamp}`);
  const prefix = `chaos${Date.now().toString(36)}`;
  log(`${options.count} onboardings, ${options.workerKills} worker kills, ${options.temporalRestarts} Temporal restart(s), ${options.postgresRestarts} PostgreSQL restart(s), ${options.webRestarts} web restart(s), second worker: ${options.secondWorker ? 'yes' : 'no'}; data in ${path.relative(REPO_ROOT, dataDir)}`);

  await ensureProductionBuild(REPO_ROOT, options.distDir, (line) => log(line));

  const cluster = options.cluster
    ? await startChaosCluster({ dataDir, temporalPort: TEMPORAL_PORT, postgresPort: POSTGRES_PORT, log })
    : undefined;
  const stackEnv = {
    SANDBOX: 'on',
    // Read by the activities only (temporal/activities/run-attempt.ts); the worker refuses it without the sandbox.
    CHAOS_BREAK_IDEMPOTENCY_FOR_PROOF: options.breakIdempotency ? '1' : undefined,
    ONBOARDING_RETRY_INITIAL_INTERVAL: '200ms',
    ONBOARDING_RETRY_MAXIMUM_INTERVAL: '2s',
    // The cluster's server, or none: then the stack runs a dev server on TEMPORAL_PORT.
    TEMPORAL_ADDRESS: cluster?.address,
    APP_URL: undefined,
    // Workers come and go on both stacks here; none serves metrics, so no two fight over a port.
    WORKER_METRICS_PORT: '0',
    // Unset: the product's default (common/config.ts).
    BREAKER_COOLDOWN: options.breakerCooldown,
  };
  const stackOptions = {
    webPort: WEB_PORT,
    temporalPort: TEMPORAL_PORT,
    dataDir,
    distDir: options.distDir,
    env: stackEnv,
    echo: false,
    logToFiles: true,
    log: (line: string) => log(line),
  };
  const stack = new Stack({
    ...stackOptions,
    onUnexpectedExit: (name, code, signal, lastOutput) =>
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}):\n${lastOutput}`),
  });
  // The second worker is a second Stack that only ever runs a worker against the first one's Temporal
  // (same data folder: anything the worker keeps there, such as keys, must be the same for both).
  const makeExtraWorker = () =>
    new Stack({
      ...stackOptions,
      env: { ...stackEnv, TEMPORAL_ADDRESS: stack.temporalAddress },
    });
  process.on('exit', () => {
    stack.killAllNow();
    cluster?.killAllNow();
  });
  const monkey = new ChaosMonkey(stack, makeExtraWorker, options, cluster);

  let exitCode = 1;
  try {
    await stack.start();
    const setupSeconds = Math.round((Date.now() - runStartedAt) / 1000);
    clockZero = Date.now();
    log(`stack up after ${setupSeconds} s: ${stack.appUrl} (Temporal ${stack.temporalAddress}, UI ${stack.temporalUiUrl})`);
    const api = new ApiClient(stack.appUrl, 20_000);
    const faultPlan = new FaultPlan();
    faultPlan.shuffle(SANDBOX_SERVICES);
    await putFaults(api, (service) => ({ ...faultPlan.settings(service), failNext: GUARANTEED_AFTER_FAULTS }));
    monkey.restoreFaults = () => putFaults(api, (service) => faultPlan.settings(service));
    let faultsOn = true;
    const reshuffle = setInterval(() => {
      if (!faultsOn || monkey.faultsHeld) return;
      void (async () => {
        const current = await api.get('/api/sandbox/faults');
        const pending = current.status === 200 ? SANDBOX_SERVICES.filter((service) => ((current.body as Record<string, { failNext?: number }>)[service]?.failNext ?? 0) > 0) : [...SANDBOX_SERVICES];
        faultPlan.shuffle(pending);
        await putFaults(api, (service) => faultPlan.settings(service));
      })().catch(() => undefined);
    }, 8000);

    let loadRunning = true;
    const operator = new Operator(api, prefix);
    let observing = true;
    const observer = (async () => {
      while (observing) {
        await operator.sweep().catch(() => undefined);
        await sleep(3000);
      }
    })();
    let completedSoFar = 0;
    const progress = setInterval(() => {
      void listRun(api, prefix)
        .then((items) => {
          const counts = countStatuses(items);
          completedSoFar = counts.completed ?? 0;
          log(`progress: ${items.length} listed, ${JSON.stringify(counts)}, operator retries ${operator.retriesAccepted}`);
        })
        .catch((error: unknown) => log(`progress: list unavailable (${error instanceof Error ? error.message : String(error)})`));
    }, options.soak ? 30_000 : 10_000);
    const samples: SoakSample[] = [];
    const sampleSoak = () => {
      const rssMiB: SoakSample['rssMiB'] = {};
      for (const root of rssByRoot(classifyProcess)) (rssMiB[root.role] ??= []).push({ pid: root.pid, rssMiB: root.rssMiB });
      samples.push({
        t: Math.round((Date.now() - clockZero) / 1000),
        completed: completedSoFar,
        rssMiB,
        sandboxDiskBytes: directoryBytes(path.join(dataDir, 'sandbox')),
        dataDirBytes: directoryBytes(dataDir),
      });
    };
    const sampler = options.soak ? setInterval(sampleSoak, 30_000) : undefined;

    const [records] = await Promise.all([
      startAll(api, options, prefix).finally(() => {
        loadRunning = false;
        log('all starts sent');
      }),
      monkey.run(() => loadRunning, api),
    ]);
    const startedIds = new Set(records.filter((r) => r.outcome !== 'failed').map((r) => r.id));
    // Keep the faults on while most onboardings are still working through them, so retries, give-ups
    // and the operator are exercised too, not only the process failures.
    log('chaos over; faults stay on until 90% of onboardings have finished or given up (bounded)');
    const soakUntil = Date.now() + options.soakTimeoutMs;
    while (Date.now() < soakUntil) {
      const items = await listRun(api, prefix).catch(() => [] as Summary[]);
      const settled = items.filter((s) => startedIds.has(s.id) && (s.status === 'completed' || s.status === 'needs_attention')).length;
      if (settled >= 0.9 * startedIds.size) break;
      await sleep(2000);
    }
    log('clearing faults and waiting for every onboarding to finish');
    faultsOn = false;
    clearInterval(reshuffle);
    await clearFaults(api);

    const finishBy = Date.now() + options.finishTimeoutMs;
    let final: Summary[] = [];
    while (Date.now() < finishBy) {
      final = await listRun(api, prefix).catch(() => final);
      const done = final.filter((s) => s.status === 'completed' && startedIds.has(s.id)).length;
      if (done >= startedIds.size) break;
      await sleep(2000);
    }
    observing = false;
    clearInterval(progress);
    if (sampler) clearInterval(sampler);
    await observer;
    // One last look after the operator stopped, so the figures describe the end state.
    final = await listRun(api, prefix);

    const details = await fetchDetails(api, [...startedIds]);
    const waits = waitFigures(details);
    const breakerCounters = await readBreakerFigures({ connection: stack.temporalConnection, namespace: stack.namespace, dataDir }).catch(
      (error: unknown) => ({ unavailable: error instanceof Error ? error.message : String(error) }),
    );

    const stateResponse = await api.get('/api/sandbox/state');
    const sandbox = sandboxStateSchema.parse(stateResponse.body);
    const byId = new Map(final.map((s) => [s.id, s]));
    const completed = final.filter((s) => s.status === 'completed' && startedIds.has(s.id));
    const audit = auditDeliveries(
      sandbox.deliveries,
      completed.map((s) => s.id),
      (workflowId) => workflowId.startsWith(`onboarding-${prefix}-`),
    );
    const duration = (s: Summary) => (s.closedAt ? Date.parse(s.closedAt) - Date.parse(s.startedAt) : NaN);
    const allTimes = completed.map(duration).filter(Number.isFinite);
    const noPersonTimes = completed.filter((s) => !operator.neededPerson.has(s.id)).map(duration).filter(Number.isFinite);
    const notCompleted = [...startedIds].filter((id) => byId.get(id)?.status !== 'completed');
    const duplicatesTotal = SANDBOX_SERVICES.reduce(
      (sum, service) => sum + Math.max(audit.services[service].duplicateKeys, audit.services[service].duplicateSteps),
      0,
    );
    const lostTotal = audit.lost.reduce((sum, lost) => sum + lost.missing.length, 0);
    const unattributedTotal = SANDBOX_SERVICES.reduce((sum, service) => sum + audit.services[service].unattributed, 0);
    const counters = Object.fromEntries(
      SANDBOX_SERVICES.map((service) => [service, { calls: sandbox.calls[service] ?? 0, replays: sandbox.replays[service] ?? 0 }]),
    ) as ChaosReport['sandbox'];
    const answers = records.flatMap((r) => r.answers);

    const onboardings: ChaosReport['onboardings'] = {
      requested: options.count,
      started: startedIds.size,
      startedAfter409: records.filter((r) => r.outcome === 'started (409 on retry)').length,
      failedToStart: records.filter((r) => r.outcome === 'failed').length,
      startAttemptsAnswered503: answers.filter((a) => a.startsWith('503')).length,
      startAttemptsNetworkError: answers.filter((a) => a.startsWith('network')).length,
      completed: completed.length,
      stuck: notCompleted.length,
      needsAttentionAtEnd: final.filter((s) => s.status === 'needs_attention').length,
      missingFromList: [...startedIds].filter((id) => !byId.has(id)).length,
      neededPerson: operator.neededPerson.size,
      operatorRetries: operator.retriesAccepted,
      finalStatuses: countStatuses(final),
    };
    const verdict: string[] = [];
    if (onboardings.completed !== options.count) verdict.push(`${onboardings.completed} of ${options.count} onboardings completed`);
    if (onboardings.stuck > 0) verdict.push(`${onboardings.stuck} onboardings were stuck`);
    if (duplicatesTotal > 0) verdict.push(`${duplicatesTotal} duplicated deliveries (a step delivered more than once)`);
    if (lostTotal > 0) verdict.push(`${lostTotal} lost deliveries`);
    if (unattributedTotal > 0) verdict.push(`${unattributedTotal} deliveries could not be attributed to an onboarding's step`);
    if (waits.stillWaiting.length > 0) verdict.push(`${waits.stillWaiting.length} steps still waiting for their service at the end`);
    if ('unavailable' in breakerCounters) verdict.push(`the breakers could not be read: ${breakerCounters.unavailable}`);
    else {
      for (const service of SANDBOX_SERVICES) {
        const waiting = breakerCounters[service]?.waiting ?? 0;
        if (waiting > 0) verdict.push(`${service}: its breaker still holds ${waiting} onboardings at the end`);
      }
    }
    for (const service of SANDBOX_SERVICES) {
      // No replay means no retry ever met an idempotency record: the mechanism was not exercised.
      if (counters[service].replays === 0) verdict.push(`${service}: 0 replays, idempotency was not exercised (or did not work)`);
    }
    const goalMet = verdict.length === 0;
    let soak: ChaosReport['soak'];
    if (options.soak) {
      completedSoFar = completed.length;
      sampleSoak();
      soak = { samples, memory: memoryGrowth(samples), sandboxDiskBytesEnd: samples.at(-1)!.sandboxDiskBytes, dataDirBytesEnd: samples.at(-1)!.dataDirBytes };
    }
    const report: ChaosReport = {
      goalMet,
      command,
      finishedAt: new Date().toISOString(),
      setupSeconds,
      durationSeconds: Math.round((Date.now() - clockZero) / 1000),
      machine: machine(),
      options,
      topology: cluster ? 'server 1.29.1 on PostgreSQL (npm run cluster topology)' : 'dev server (SQLite file)',
      faults: {
        failRate: FAULT_RATE,
        latencyMs: '100–300 ms (random per service)',
        afterShare: faultPlan.periods.after / Math.max(1, faultPlan.periods.after + faultPlan.periods.before),
      },
      sandbox: counters,
      verdict,
      soak,
      timeline: monkey.events,
      onboardings,
      deliveries: { ...audit, duplicatesTotal, lostTotal, unattributedTotal },
      breakers: { counters: breakerCounters, waits },
      completionMs: { all: percentiles(allTimes), withoutPerson: percentiles(noPersonTimes) },
      stuckExamples: notCompleted.slice(0, 20).map((id) => `${id}: ${byId.get(id)?.status ?? 'not listed'}`),
    };
    for (const r of records.filter((r) => r.outcome === 'failed').slice(0, 10)) {
      log(`failed to start ${r.employeeId}: ${r.answers.join(' → ')}`);
    }
    const markdown = toMarkdown(report);
    console.log(`\n${markdown}`);
    // The short run is part of `npm test`: its results go to the ignored .data/ folder so a test run
    // leaves the committed figures (bench/results/chaos-latest.*) and the working tree alone.
    const resultsDir = options.short ? path.join(REPO_ROOT, '.data') : path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const baseName = `${options.soak ? 'soak' : `chaos${options.cluster ? '-cluster' : ''}${options.short ? '-short' : ''}`}${options.breakIdempotency ? '-broken' : ''}-latest`;
    writeFileSync(path.join(resultsDir, `${baseName}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, `${baseName}.md`), markdown);
    log(`wrote ${path.relative(REPO_ROOT, path.join(resultsDir, baseName))}.json and .md`);
    exitCode = goalMet ? 0 : 1;
  } catch (error) {
    log(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    log(`logs of every process are in ${path.join(dataDir, 'logs')}`);
    exitCode = 2;
  } finally {
    await monkey.cleanup().catch(() => undefined);
    await stack.stop();
    await cluster?.stop();
    if (exitCode === 0 && !options.keepData) {
      cluster?.removePostgresData();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return exitCode;
}

/** Every onboarding's detail (steps and activity log), a few at a time; retries while the web app answers 503. */
async function fetchDetails(api: ApiClient, ids: readonly string[]): Promise<Detail[]> {
  const details: Detail[] = [];
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < ids.length; index = next++) {
      const id = ids[index]!;
      for (let attempt = 1; ; attempt++) {
        const response = await api.get(`/api/onboardings/${encodeURIComponent(id)}`).catch(() => undefined);
        if (response?.status === 200) {
          details.push(detailSchema.parse(response.body));
          break;
        }
        if (attempt >= 5) throw new Error(`could not read ${id}: ${response?.status ?? 'network error'}`);
        await sleep(1000);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));
  return details;
}

function countStatuses(items: readonly Summary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

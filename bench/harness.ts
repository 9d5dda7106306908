/**
 * The bench's own stack (web, worker, Temporal dev server, and the bare baseline worker beside them), the
 * Temporal client it measures with, and the counting every phase shares. The phases are in bench/phases/.
 * With `--cluster`, Temporal is the production topology's instead (server 1.29.1 on PostgreSQL, started by
 * bench/lib/cluster-chaos.ts as for `npm run chaos -- --cluster`), with its data in the bench's data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TemporalCluster } from '../scripts/lib/cluster';
import { Stack, REPO_ROOT } from '../scripts/lib/stack';
import { WORKFLOW_TYPE } from '../temporal/shared/contract';
import { clientDataConverter, payloadKeySettings } from '../common/codec/data-converter';
import { ApiClient } from './lib/api-client';
import { startChaosCluster } from './lib/cluster-chaos';
import { ensureProductionBuild } from './lib/build';
import { round } from './lib/helpers';
import { ProcessMemorySampler } from './lib/process-memory';
import { sleep } from './lib/time';
import { BASELINE_READY_LINE } from './baseline/names';
import type { BenchOptions } from './options';

// ----- ports (issue 5: the bench's own, so it never collides with a developer's stack or the e2e harness) -----

const WEB_PORT = 3800 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const TEMPORAL_PORT = 7800 + Number(process.env.E2E_PORT_OFFSET ?? 0);
/**
 * `--cluster`: the Temporal server's frontend, with its other ports from 300 below to 10 above
 * (scripts/lib/cluster.ts temporalPorts), and PostgreSQL. Not on a round hundred: the membership ports 300 below
 * would then be another checkout's dev server (7800 - 300 + offset is chaos's 7700 at an offset 200 lower).
 */
const CLUSTER_TEMPORAL_PORT = 7850 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const POSTGRES_PORT = 5850 + Number(process.env.E2E_PORT_OFFSET ?? 0);

export const log = (line: string) => console.log(`[bench] ${line}`);

/** Runs one measurement and records its failure in the report instead of stopping the run. */
export type RunPhase = <T>(name: string, run: () => Promise<T>) => Promise<T | undefined>;

export class Bench {
  readonly tag = Date.now().toString(36);
  readonly dataDir: string;
  readonly stack: Stack;
  readonly api: ApiClient;
  readonly memory = new ProcessMemorySampler(classifyProcess);
  private baselineWorker: ChildProcess | undefined;
  private client: Client | undefined;
  private plainClient: Client | undefined;
  private connection: Connection | undefined;
  /** PostgreSQL and the Temporal server of `--cluster`; undefined on the dev server. */
  private cluster: TemporalCluster | undefined;
  /** Onboardings that completed during the run, for detail requests. */
  readonly completedIds: string[] = [];
  /** Onboardings stopped at "Needs attention", for detail requests on live ones. */
  readonly attentionIds: string[] = [];
  readonly failures: string[] = [];
  private stopping = false;

  constructor(readonly options: BenchOptions) {
    this.dataDir = path.join(REPO_ROOT, '.data', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const temporalPort = options.cluster ? CLUSTER_TEMPORAL_PORT : TEMPORAL_PORT;
    this.stack = new Stack({
      webPort: WEB_PORT,
      temporalPort,
      dataDir: this.dataDir,
      distDir: options.distDir,
      env: {
        // The bench's own server, whatever the caller's shell says (the cluster's listens on 127.0.0.1 only).
        TEMPORAL_ADDRESS: `${options.cluster ? '127.0.0.1' : 'localhost'}:${temporalPort}`,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'onboarding',
        APP_URL: undefined,
        TEMPORAL_UI_URL: undefined,
        SANDBOX: 'on',
        // The bench's workers serve no metrics: no port to fight over with another stack.
        WORKER_METRICS_PORT: '0',
        // Sign-in off, as `npm start` runs by default (sign-in is on only when AUTH_SECRET is set).
        AUTH_SECRET: undefined,
        API_TOKENS: undefined,
        // The product's defaults: the bench measures what `npm start` runs.
        ONBOARDING_RETRY_INITIAL_INTERVAL: undefined,
        ONBOARDING_RETRY_MAXIMUM_INTERVAL: undefined,
        // --cpu-prof: every Node process of the stack (web, worker, baseline worker) writes a profile on exit
        // (through a preload: Node does not take --cpu-prof in NODE_OPTIONS).
        ...(options.cpuProfile
          ? {
              NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(REPO_ROOT, 'bench', 'lib', 'cpu-prof-preload.js')}`.trim(),
              BENCH_CPU_PROF_DIR: path.join(this.dataDir, 'profiles'),
            }
          : {}),
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

  /** A client without the payload codec, for the baselines: their workers decode nothing. */
  get plainTemporal(): Client {
    if (!this.plainClient) throw new Error('not connected to Temporal yet');
    return this.plainClient;
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
    if (this.options.cluster) {
      log(`starting PostgreSQL (port ${POSTGRES_PORT}) and the Temporal server (port ${CLUSTER_TEMPORAL_PORT}) of the cluster topology`);
      this.cluster = await startChaosCluster({ dataDir: this.dataDir, temporalPort: CLUSTER_TEMPORAL_PORT, postgresPort: POSTGRES_PORT, log });
    }
    log(`starting the stack (data in ${path.relative(REPO_ROOT, this.dataDir)}, logs in its logs/ folder)`);
    // With the cluster up, the stack finds its server listening on TEMPORAL_PORT and starts no dev server.
    await this.stack.start();
    this.connection = await Connection.connect(this.stack.temporalConnection);
    // The same codec as the app, so seeded memos are encrypted like real ones and results can be read.
    this.client = new Client({
      connection: this.connection,
      namespace: this.stack.namespace,
      dataConverter: clientDataConverter(payloadKeySettings(this.dataDir)),
    });
    this.plainClient = new Client({ connection: this.connection, namespace: this.stack.namespace });
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
    // After the workers and web app: PostgreSQL must outlive the server, the server its clients.
    await this.cluster?.stop();
  }

  /** Last resort when this process exits: synchronous. */
  killAllNow(): void {
    this.stack.killAllNow();
    this.cluster?.killAllNow();
  }

  /** Deletes the cluster's PostgreSQL data, also where the data folder only links to it (for a tiny run's clean-up). */
  removeClusterData(): void {
    this.cluster?.removePostgresData();
  }

  private async startBaselineWorker(): Promise<void> {
    const tsxCli = require.resolve('tsx/cli', { paths: [REPO_ROOT] });
    const child = spawn(process.execPath, [tsxCli, 'bench/baseline/worker.ts'], {
      cwd: REPO_ROOT,
      // The stack's own environment (addresses, DATA_DIR, APP_URL, SANDBOX=on): the same-work baseline calls its sandbox.
      env: this.stack.childEnv() as NodeJS.ProcessEnv,
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

  // ----- CPU per process role -----

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
}

function classifyProcess(commandLine: string): string | undefined {
  if (commandLine.includes('bench/baseline/worker.ts')) return 'baseline-worker';
  if (commandLine.includes('worker/index.ts')) return 'worker';
  // `next start` renames itself `next-server (v16...)` once it listens (process.title rewrites the command line).
  if (/\bnext\b.*\bstart\b/.test(commandLine) || commandLine.startsWith('next-server')) return 'web';
  if (commandLine.includes('start-dev')) return 'temporal';
  // The cluster's server (`<cache>/temporal-server/<version>/server ... start`) and PostgreSQL with its backends.
  if (/\/temporal-server\/[^/]+\/server\b/.test(commandLine)) return 'temporal';
  if (/\/postgres\s+-D\b/.test(commandLine)) return 'postgres';
  return undefined;
}

/**
 * Runs the whole product on one machine: the Temporal dev server (when the address is local and free),
 * N workers and the web app, each in its own process group so stopping never leaves orphans.
 * Used by `npm start` (scripts/stack.ts), the Playwright global setup, and the chaos and bench scripts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Connection } from '@temporalio/client';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictFile } from '../../common/private-files';
import { temporalConnectionSettings, type TemporalConnectionOptions } from '../../common/temporal-connection';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../temporal/shared/contract';
import { prettyLine } from '../../common/telemetry/pretty';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface StackOptions {
  webPort: number;
  /** Port of the local dev server; its Web UI listens on this + 1000. Ignored when env.TEMPORAL_ADDRESS is set. */
  temporalPort: number;
  /** Holds the Temporal SQLite file, the sandbox store and the logs. */
  dataDir: string;
  /** Next build folder (NEXT_DIST_DIR). */
  distDir?: string;
  /** Extra environment for every child, on top of process.env. */
  env?: Record<string, string | undefined>;
  /** `next dev` and `tsx watch` instead of the production build. */
  dev?: boolean;
  workers?: number;
  /** Absolute path of the `temporal` binary; needed only when the stack starts a dev server. */
  temporalCliPath?: string;
  /** Name of the web process in logs and its log file (default "web"); a second web instance needs its own. */
  webName?: string;
  /** Interface `next` listens on: this, else env.HOST, else 127.0.0.1 (this machine only). */
  webHost?: string;
  /** Append each child's output to <dataDir>/logs/<name>.log. */
  logToFiles?: boolean;
  /** Print children's output with [name] prefixes (default true). */
  echo?: boolean;
  /** Restart a worker that exits without being asked to, with backoff (the supervisor wants this; tests do not). */
  restartCrashedWorkers?: boolean;
  /** Called when a child the stack depends on exits unexpectedly and will not be restarted. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null, lastOutput: string) => void;
  log?: (line: string) => void;
}

const STOP_GRACE_MS = 15_000;
/**
 * Write-ahead log, synced at checkpoints rather than on every commit: with SQLite's defaults each of the
 * dev server's many small transactions waits for several fsyncs, which made it the bottleneck (four times
 * fewer workflows per second in `npm run bench`). A crash of the process loses nothing; a power cut may
 * lose the last moments, acceptable for the local dev server (use a real cluster in production).
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
const OUTPUT_LINES_KEPT = 40;
const DEFAULT_WORKER_METRICS_PORT = 9464;

interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** Set before we stop it on purpose, so its exit is not reported as a crash. */
  stopping: boolean;
  /** Set once it served (or polled); an exit before that is a failed start, which the start call reports. */
  ready: boolean;
  recentOutput: string[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * The Temporal CLI path: TEMPORAL_CLI_PATH, else whatever scripts/lib/temporal-cli.mjs finds or installs.
 * Run as a child process because that module is ESM and this one may be loaded as CommonJS (Playwright).
 */
function resolveTemporalCli(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/lib/temporal-cli.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const cliPath = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !cliPath) throw new Error('the Temporal CLI is not available (see the message above)');
  return cliPath;
}

export class Stack {
  readonly temporalAddress: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly appUrl: string;
  readonly temporalUiUrl: string;
  /** The interface the web app listens on. */
  readonly webHost: string;
  /** True when the stack runs (or may run) the dev server itself. */
  readonly temporalIsLocal: boolean;
  /** Address, TLS, API key and gRPC headers, by the same rules as the web app and worker (common/temporal-connection.ts). */
  readonly temporalConnection: TemporalConnectionOptions;
  /**
   * Whether the stack starts a dev server (when none listens yet) and checks readiness itself: only for a
   * loopback address without TLS. A remote cluster or a TLS one is left to the children.
   */
  readonly canProbeTemporal: boolean;

  private temporal: ManagedProcess | undefined;
  private web: ManagedProcess | undefined;
  private readonly workers = new Map<number, ManagedProcess>();
  private readonly workerRestarts = new Map<number, { count: number; timer?: NodeJS.Timeout }>();
  private readonly logFiles = new Map<string, WriteStream>();
  private stoppingAll = false;
  private readonly log: (line: string) => void;

  constructor(readonly options: StackOptions) {
    const env = { ...process.env, ...options.env };
    const settings = temporalConnectionSettings(env, { address: `localhost:${options.temporalPort}` });
    this.temporalConnection = settings.connection;
    this.temporalAddress = settings.connection.address;
    this.namespace = settings.namespace;
    this.taskQueue = env.TEMPORAL_TASK_QUEUE || 'onboarding';
    this.appUrl = (env.APP_URL || `http://localhost:${options.webPort}`).replace(/\/+$/, '');
    this.webHost = options.webHost || env.HOST?.trim() || '127.0.0.1';
    const [host = 'localhost', port = '7233'] = this.temporalAddress.split(':');
    this.temporalIsLocal = LOOPBACK_HOSTS.has(host);
    this.canProbeTemporal = this.temporalIsLocal && !settings.connection.tls;
    this.temporalUiUrl = env.TEMPORAL_UI_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${Number(port) + 1000}`;
    this.log = options.log ?? ((line) => console.log(line));
    ensurePrivateDir(options.dataDir);
  }

  /** Environment every child gets: the caller's, then the stack's own addresses. */
  childEnv(): Record<string, string | undefined> {
    // `next` picks its own NODE_ENV; an inherited "test" or "development" makes it warn or misbehave.
    const { NODE_ENV: _inheritedNodeEnv, ...inherited } = { ...process.env, ...this.options.env };
    const env: Record<string, string | undefined> = {
      ...inherited,
      PORT: String(this.options.webPort),
      HOST: this.webHost,
      APP_URL: this.appUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: this.namespace,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      TEMPORAL_UI_URL: this.temporalUiUrl,
      DATA_DIR: path.resolve(this.options.dataDir),
    };
    if (this.options.distDir) env.NEXT_DIST_DIR = this.options.distDir;
    return env;
  }

  // ----- Temporal -----

  private temporalPortNumber(): number {
    return Number(this.temporalAddress.split(':')[1]);
  }

  /**
   * Starts the dev server when the address is loopback and nothing listens there yet, then waits until
   * the namespace answers. With a remote address it only waits for it.
   */
  async startTemporal(): Promise<void> {
    const port = this.temporalPortNumber();
    if (this.temporal) return this.waitForTemporal();
    if (!this.canProbeTemporal) {
      this.log(`[stack] using the Temporal cluster at ${this.temporalAddress} (the worker and web app connect to it themselves)`);
      return;
    }
    if (await isPortOpen(port)) {
      this.log(`[stack] using the Temporal server already listening at ${this.temporalAddress}`);
      return this.waitForTemporal();
    }
    const cliPath = this.options.temporalCliPath ?? resolveTemporalCli();
    const args = [
      'server',
      'start-dev',
      '--db-filename',
      path.resolve(this.options.dataDir, 'temporal.sqlite'),
      '--port',
      String(port),
      '--ui-port',
      String(port + 1000),
      '--namespace',
      this.namespace,
      ...SEARCH_ATTRIBUTE_REGISTRATIONS.flatMap((registration) => ['--search-attribute', registration]),
      // The Web UI decrypts payloads through the web app's codec endpoint (HR admins only; docs/security.md).
      '--ui-codec-endpoint',
      `${this.appUrl}/api/temporal-codec`,
      ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
      '--log-level',
      'warn',
    ];
    const temporal = this.spawnChild('temporal', cliPath, args);
    this.temporal = temporal;
    temporal.child.once('exit', (code, signal) => {
      if (this.temporal === temporal) this.temporal = undefined;
      if (!temporal.stopping && !this.stoppingAll && temporal.ready) {
        this.options.onUnexpectedExit?.('temporal', code, signal, temporal.recentOutput.join('\n'));
      }
    });
    await this.waitForTemporal(temporal);
    temporal.ready = true;
  }

  /** Polls until the namespace can be described: the gRPC port answering is not enough right after start. */
  async waitForTemporal(owned?: ManagedProcess, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (owned && owned.child.exitCode !== null) {
        throw new Error(`the Temporal dev server exited during start:\n${owned.recentOutput.join('\n')}`);
      }
      if (await isPortOpen(this.temporalPortNumber(), this.temporalAddress.split(':')[0])) {
        let connection: Connection | undefined;
        try {
          connection = await Connection.connect({ ...this.temporalConnection, connectTimeout: 2000 });
          await connection.workflowService.describeNamespace({ namespace: this.namespace });
          return;
        } catch (error) {
          lastProblem = errorMessage(error);
        } finally {
          await connection?.close();
        }
      }
      await sleep(300);
    }
    throw new Error(`Temporal at ${this.temporalAddress} did not answer within ${timeoutMs / 1000}s (${lastProblem})`);
  }

  async stopTemporal(): Promise<void> {
    const temporal = this.temporal;
    this.temporal = undefined;
    if (temporal) await this.stopChild(temporal);
  }

  // ----- workers -----

  /** Starts the missing workers (all of them by default) and waits until one polls the task queue. */
  async startWorker(): Promise<void> {
    const count = this.options.workers ?? 1;
    const since = Date.now();
    let started = false;
    for (let index = 1; index <= count; index++) {
      if (this.workers.has(index)) continue;
      this.spawnWorker(index);
      started = true;
    }
    if (started && this.canProbeTemporal) await this.waitForWorkerPoller(since);
    for (const worker of this.workers.values()) worker.ready = true;
  }

  /**
   * Each worker serves its metrics on its own port: WORKER_METRICS_PORT (default 9464) for worker 1,
   * the next port for worker 2 and so on; 0 keeps them all off.
   */
  workerMetricsPort(index: number): number {
    const raw = this.childEnv().WORKER_METRICS_PORT;
    const base = raw === undefined || raw === '' ? DEFAULT_WORKER_METRICS_PORT : Number(raw);
    return base === 0 || !Number.isInteger(base) ? base : base + index - 1;
  }

  private spawnWorker(index: number): ManagedProcess {
    const name = index === 1 ? 'worker' : `worker-${index}`;
    const tsxCli = require.resolve('tsx/cli', { paths: [REPO_ROOT] });
    const args = this.options.dev
      ? // Workflow files reach the worker through its bundler, not an import, so tsx would not see them change.
        [tsxCli, 'watch', '--clear-screen=false', '--include', 'temporal/workflows/**/*.ts', 'worker/index.ts', '--dev']
      : // One process, tsx only as a loader: the tsx CLI wrapper SIGKILLs its child when the child does not
        // acknowledge a SIGTERM within 30 ms, which on a loaded machine turns a graceful drain into a crash.
        ['--import', pathToFileURL(require.resolve('tsx', { paths: [REPO_ROOT] })).href, 'worker/index.ts'];
    const managed = this.spawnChild(name, process.execPath, args, { WORKER_METRICS_PORT: String(this.workerMetricsPort(index)) });
    this.workers.set(index, managed);
    managed.child.once('exit', (code, signal) => {
      if (this.workers.get(index) === managed) this.workers.delete(index);
      if (managed.stopping || this.stoppingAll || !managed.ready) return;
      if (this.options.restartCrashedWorkers) {
        this.scheduleWorkerRestart(index, code, signal);
      } else {
        this.options.onUnexpectedExit?.(name, code, signal, managed.recentOutput.join('\n'));
      }
    });
    return managed;
  }

  private scheduleWorkerRestart(index: number, code: number | null, signal: NodeJS.Signals | null): void {
    const state = this.workerRestarts.get(index) ?? { count: 0 };
    state.count += 1;
    // 1s, 2s, 4s ... capped at 30s: a worker that crashes on start (bad config) does not spin the CPU.
    const delayMs = Math.min(30_000, 1000 * 2 ** (state.count - 1));
    this.log(
      `[stack] worker ${index} exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delayMs / 1000}s (restart #${state.count})`,
    );
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (this.stoppingAll || this.workers.has(index)) return;
      const restarted = this.spawnWorker(index);
      // It replaces a worker that ran: if it crashes too, that is another crash to back off from.
      restarted.ready = true;
      // A worker that stays up for a minute has recovered: the next crash starts the backoff again.
      const healthyTimer = setTimeout(() => {
        if (this.workers.get(index) === restarted) state.count = 0;
      }, 60_000);
      healthyTimer.unref();
    }, delayMs);
    this.workerRestarts.set(index, state);
  }

  /** Stops every worker with the given signal (SIGKILL simulates a crash) and waits for them to exit. */
  async killWorker(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    for (const state of this.workerRestarts.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
    }
    await Promise.all([...this.workers.values()].map((worker) => this.stopChild(worker, signal)));
    this.workers.clear();
  }

  /**
   * A worker is ready once Temporal has seen it poll. Pollers from killed workers linger in the list, so
   * only polls after `since` count.
   */
  async waitForWorkerPoller(since: number, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const connection = await Connection.connect({ ...this.temporalConnection, connectTimeout: 5000 });
    try {
      while (Date.now() < deadline) {
        if (this.workers.size === 0) throw new Error('the worker exited during start');
        const described = await connection.workflowService.describeTaskQueue({
          namespace: this.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
        });
        const fresh = (described.pollers ?? []).some((poller) => {
          const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
          return seconds * 1000 >= since - 1000;
        });
        if (fresh) return;
        await sleep(300);
      }
    } finally {
      await connection.close();
    }
    const output = [...this.workers.values()].flatMap((worker) => worker.recentOutput).join('\n');
    throw new Error(`no worker polled task queue "${this.taskQueue}" within ${timeoutMs / 1000}s\n${output}`);
  }

  // ----- web -----

  async startWeb(): Promise<void> {
    if (this.web) return;
    const nextCli = require.resolve('next/dist/bin/next', { paths: [REPO_ROOT] });
    const args = [nextCli, this.options.dev ? 'dev' : 'start', '-p', String(this.options.webPort), '-H', this.webHost];
    const web = this.spawnChild(this.options.webName ?? 'web', process.execPath, args);
    this.web = web;
    web.child.once('exit', (code, signal) => {
      if (this.web === web) this.web = undefined;
      if (!web.stopping && !this.stoppingAll && web.ready) {
        this.options.onUnexpectedExit?.(web.name, code, signal, web.recentOutput.join('\n'));
      }
    });
    await this.waitForWeb(web);
    web.ready = true;
  }

  /** Waits for /api/health to answer at all (200, or 503 while Temporal is down): the server is up. */
  private async waitForWeb(web: ManagedProcess, timeoutMs = this.options.dev ? 180_000 : 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const url = `http://${probeAddress(this.webHost)}:${this.options.webPort}/api/health`;
    while (Date.now() < deadline) {
      if (web.child.exitCode !== null || web.child.signalCode !== null) {
        throw new Error(`the web app exited during start:\n${web.recentOutput.join('\n')}`);
      }
      const status = await httpStatus(url);
      if (status === 200 || status === 503) return;
      await sleep(300);
    }
    throw new Error(`the web app did not answer ${url} within ${timeoutMs / 1000}s\n${web.recentOutput.join('\n')}`);
  }

  /**
   * SIGTERM is a graceful restart (Next lets requests in flight finish); SIGKILL is a crash that cuts them off.
   */
  async restartWeb(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const web = this.web;
    this.web = undefined;
    if (web) await this.stopChild(web, signal);
    await this.startWeb();
  }

  // ----- whole stack -----

  /** Temporal, then workers, then web: each needs the one before it. */
  async start(): Promise<void> {
    await this.startTemporal();
    await this.startWorker();
    await this.startWeb();
  }

  /** Stops everything: web and workers first (workers finish their tasks), Temporal last. */
  async stop(): Promise<void> {
    this.stoppingAll = true;
    for (const state of this.workerRestarts.values()) if (state.timer) clearTimeout(state.timer);
    const web = this.web;
    this.web = undefined;
    await Promise.all([
      web ? this.stopChild(web) : Promise.resolve(),
      ...[...this.workers.values()].map((worker) => this.stopChild(worker)),
    ]);
    this.workers.clear();
    await this.stopTemporal();
    for (const file of this.logFiles.values()) file.end();
    this.logFiles.clear();
  }

  /** Last resort when the parent is exiting: synchronous, so it works in a process 'exit' handler. */
  killAllNow(): void {
    for (const managed of [this.web, this.temporal, ...this.workers.values()]) {
      if (managed) killGroup(managed.child, 'SIGKILL');
    }
  }

  // ----- processes -----

  private spawnChild(name: string, command: string, args: string[], extraEnv: Record<string, string> = {}): ManagedProcess {
    // Own process group (detached), so stopping kills tsx's and next's own children too.
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      // Next's types declare NODE_ENV as always present; children really do run without it (see childEnv).
      env: { ...this.childEnv(), ...extraEnv } as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed: ManagedProcess = {
      name,
      child,
      stopping: false,
      ready: false,
      recentOutput: [],
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    child.once('error', (error) => this.log(`[${name}] could not start: ${error.message}`));
    const logFile = this.logFileFor(name);
    const onOutput = (chunk: Buffer) => {
      logFile?.write(chunk);
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line.trim() === '') continue;
        managed.recentOutput.push(line);
        if (managed.recentOutput.length > OUTPUT_LINES_KEPT) managed.recentOutput.shift();
        // A stopping dev server logs a burst of expected connection errors: keep them in the file only.
        // The children log JSON lines (kept as they are in the files); a person reads them as short lines.
        if (this.options.echo !== false && !managed.stopping) this.log(`[${name}] ${this.readable(line)}`);
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    return managed;
  }

  /** A child's JSON log line as a short line, unless LOG_FORMAT=json asks to see the JSON itself. */
  private readable(line: string): string {
    return this.childEnv().LOG_FORMAT === 'json' ? line : prettyLine(line, { service: false });
  }

  private logFileFor(name: string): WriteStream | undefined {
    if (!this.options.logToFiles) return undefined;
    let file = this.logFiles.get(name);
    if (!file) {
      file = openPrivateLog(this.options.dataDir, name);
      this.logFiles.set(name, file);
    }
    return file;
  }

  private async stopChild(managed: ManagedProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    managed.stopping = true;
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    killGroup(managed.child, signal);
    const timedOut = await Promise.race([managed.exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) {
      this.log(`[stack] ${managed.name} did not stop within ${STOP_GRACE_MS / 1000}s; killing it`);
      killGroup(managed.child, 'SIGKILL');
      await managed.exited;
    }
    // The group leader is gone; make sure nothing it started lingers.
    killGroup(managed.child, 'SIGKILL');
  }
}

/** `<dataDir>/logs/<name>.log` for appending. Logs may hold what a process printed about a request: this user's only. */
export function openPrivateLog(dataDir: string, name: string): WriteStream {
  const dir = path.join(dataDir, 'logs');
  ensurePrivateDir(dir);
  const logPath = path.join(dir, `${name}.log`);
  restrictFile(logPath);
  return createWriteStream(logPath, { flags: 'a', mode: PRIVATE_FILE_MODE });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Where to reach a server listening on `host`: all interfaces and loopback names are reached on 127.0.0.1. */
function probeAddress(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]' || host === 'localhost') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    // Addressed as localhost whatever interface it listens on: the app refuses Host names it does not know.
    const request = http.get(url, { timeout: 5000, headers: { host: `localhost:${new URL(url).port}` } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

// ----- control server for tests, chaos and bench -----

/**
 * A tiny HTTP API on 127.0.0.1 to break and mend the stack from a test: POST /worker/kill (body
 * `{"signal"?: "SIGKILL"|"SIGTERM"}`, default SIGKILL), /worker/start, /temporal/stop, /temporal/start,
 * /web/restart (body `{"signal"?: ...}`, default SIGTERM: graceful; SIGKILL cuts requests in flight).
 * Each answers `{"ok": true}` once done.
 */
export function serveStackControl(stack: Stack, port: number): Promise<http.Server> {
  const actions: Record<string, (body: Record<string, unknown>) => Promise<void>> = {
    '/worker/kill': (body) => stack.killWorker(body.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL'),
    '/worker/start': () => stack.startWorker(),
    '/temporal/stop': () => stack.stopTemporal(),
    '/temporal/start': () => stack.startTemporal(),
    '/web/restart': (body) => stack.restartWeb(body.signal === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM'),
  };
  const server = http.createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const action = request.method === 'POST' ? actions[request.url ?? ''] : undefined;
    if (!action) {
      reply(404, { ok: false, error: `unknown control action ${request.method} ${request.url}` });
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim()) body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        reply(400, { ok: false, error: 'body must be JSON' });
        return;
      }
      action(body).then(
        () => reply(200, { ok: true }),
        (error: unknown) => reply(500, { ok: false, error: errorMessage(error) }),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

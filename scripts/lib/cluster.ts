/**
 * The production topology's infrastructure on one machine, without Docker: PostgreSQL (the system's
 * binaries, a data folder under DATA_DIR, its own port) and the Temporal server 1.29.1 on it, configured by
 * deploy/temporal/config/postgres.yaml, with the schemas set up by deploy/temporal/setup-schema.sh and the
 * namespace and search attributes registered through the server's API. docker-compose.yml uses the same
 * config file and schema script. Workers and web instances on top come from scripts/lib/stack.ts.
 * Used by `npm run cluster` (scripts/cluster.ts), `npm run chaos -- --cluster` and the cluster stage of `npm test`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../temporal/shared/workflow-contract';
import { isPortOpen, REPO_ROOT } from './stack';

export interface ClusterBinaries {
  /** The `server` binary of go.temporal.io/server/cmd/server. */
  server: string;
  /** The `sql` binary of go.temporal.io/server/cmd/tools/sql (temporal-sql-tool). */
  sql: string;
}

export interface ClusterOptions {
  /** DATA_DIR: PostgreSQL's data goes to <dataDir>/postgres, its generated password to <dataDir>/postgres-password. */
  dataDir: string;
  /** The Temporal frontend's gRPC port; the server's other ports are placed around it (see temporalPorts). */
  temporalPort: number;
  postgresPort: number;
  binaries: ClusterBinaries;
  namespace?: string;
  /** Append each process's output to <dataDir>/logs/<name>.log (default true). */
  logToFiles?: boolean;
  /** Print each process's output with a [name] prefix (default false: the files have it). */
  echo?: boolean;
  /** Called when PostgreSQL or Temporal exits without being asked to. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null, lastOutput: string) => void;
  log?: (line: string) => void;
}

const DATABASE_USER = 'temporal';
const STOP_GRACE_MS = 30_000;
const OUTPUT_LINES_KEPT = 40;
const NAMESPACE_RETENTION = '30 days';

/** Where a symbolic link points, whether or not that exists yet. */
function linkTarget(link: string): string {
  return path.resolve(path.dirname(link), readlinkSync(link));
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
/** The type names of SEARCH_ATTRIBUTE_REGISTRATIONS (as the CLI takes them) to the API's enum. */
const INDEXED_VALUE_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * The cluster's processes get only the variables they need, not the app's (LOG_LEVEL, secrets...). Next's
 * types declare NODE_ENV as always present; these processes really run without it.
 */
const plainEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The server's ports around the frontend's gRPC port P, as in the server's own defaults for P = 7233:
 * gRPC P (frontend), P+1 (history), P+2 (matching), P+6 (worker); membership P-300, -299, -298, -294; HTTP P+10.
 */
export function temporalPorts(frontendPort: number): Record<string, string> {
  const ports = {
    FRONTEND_GRPC_PORT: frontendPort,
    HISTORY_GRPC_PORT: frontendPort + 1,
    MATCHING_GRPC_PORT: frontendPort + 2,
    WORKER_GRPC_PORT: frontendPort + 6,
    FRONTEND_MEMBERSHIP_PORT: frontendPort - 300,
    HISTORY_MEMBERSHIP_PORT: frontendPort - 299,
    MATCHING_MEMBERSHIP_PORT: frontendPort - 298,
    WORKER_MEMBERSHIP_PORT: frontendPort - 294,
    FRONTEND_HTTP_PORT: frontendPort + 10,
  };
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`the Temporal port ${frontendPort} leaves no room for ${name} (${port}): pick one from 1024 to 65000`);
    }
  }
  return Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
}

// ----- PostgreSQL binaries and the user it runs as -----

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'postgres', 'pg_isready'].every((name) => existsSync(path.join(dir, name)));
}

function findPostgresBinDir(): string | undefined {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) {
    if (!hasServerBinaries(fromEnv)) throw new Error(`POSTGRES_BIN_DIR=${fromEnv} does not hold initdb, postgres and pg_isready`);
    return fromEnv;
  }
  // Debian and Ubuntu: /usr/lib/postgresql/<major>/bin, not on PATH. Newest major first.
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const dir = path.join(debianRoot, major, 'bin');
      if (hasServerBinaries(dir)) return dir;
    }
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return bindir && hasServerBinaries(bindir) ? bindir : undefined;
}

/** PostgreSQL's bin folder; as root on Debian or Ubuntu, installs the `postgresql` package first when missing. */
export function ensurePostgres(log: (line: string) => void): string {
  const found = findPostgresBinDir();
  if (found) return found;
  if (isRoot() && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    log('[postgres] PostgreSQL is not installed: installing the `postgresql` package with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env }) : update;
    const installed = install.status === 0 ? findPostgresBinDir() : undefined;
    if (installed) return installed;
  }
  throw new Error(
    [
      'PostgreSQL (server binaries: initdb, postgres, pg_isready) was not found.',
      'Install it and run again:',
      '  - Debian or Ubuntu: sudo apt-get install postgresql',
      '  - macOS: brew install postgresql@15',
      '  - or set POSTGRES_BIN_DIR to the folder that holds initdb and postgres.',
    ].join('\n'),
  );
}

interface OsUser {
  uid: number;
  gid: number;
  name: string;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user the package creates. */
function postgresOsUser(): OsUser | undefined {
  if (!isRoot()) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('PostgreSQL refuses to run as root and there is no `postgres` user to run it as: create one (useradd --system postgres) or run as another user');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' };
}

/** The first folder above `dir` that `user` cannot enter (it needs to own it or have others' x bit), if any. */
function blockingFolder(dir: string, user: OsUser): string | undefined {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const stats = statSync(current);
    if (stats.uid !== user.uid && (stats.mode & 0o001) === 0) return current;
    if (current === path.dirname(current)) return undefined;
  }
}

/**
 * Where PostgreSQL's files go when run as root and the `postgres` user cannot reach DATA_DIR (a clone in
 * /root, or in a private temporary folder): a folder of its own under /var/lib, one per DATA_DIR, which
 * DATA_DIR/postgres then links to.
 */
const FALLBACK_ROOT = '/var/lib/onboarding-dashboard';

// ----- processes -----

interface ServiceProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  stopping: boolean;
  ready: boolean;
  recentOutput: string[];
}

export class TemporalCluster {
  readonly address: string;
  readonly namespace: string;
  /** DATA_DIR/postgres: the data folder, or a link to it (see FALLBACK_ROOT). */
  private readonly postgresLink: string;
  private postgresDir: string;
  private readonly passwordFile: string;
  private readonly log: (line: string) => void;
  private postgresBinDir: string | undefined;
  private postgres: ServiceProcess | undefined;
  private temporalServer: ServiceProcess | undefined;
  private readonly logFiles = new Map<string, WriteStream>();
  private stoppingAll = false;

  constructor(readonly options: ClusterOptions) {
    this.address = `127.0.0.1:${options.temporalPort}`;
    this.namespace = options.namespace ?? 'default';
    const dataDir = path.resolve(options.dataDir);
    this.postgresLink = path.join(dataDir, 'postgres');
    this.postgresDir = this.postgresLink;
    this.passwordFile = path.join(dataDir, 'postgres-password');
    this.log = options.log ?? ((line) => console.log(line));
    temporalPorts(options.temporalPort);
    mkdirSync(dataDir, { recursive: true });
  }

  /** PostgreSQL, the schemas, the Temporal server, then the namespace and search attributes. */
  async start(): Promise<void> {
    this.stoppingAll = false;
    await this.startPostgres();
    await this.setupSchema();
    await this.startTemporal();
    await this.registerNamespace();
  }

  /** Temporal first (it holds connections to the database), then PostgreSQL. */
  async stop(): Promise<void> {
    this.stoppingAll = true;
    await this.stopTemporal();
    await this.stopPostgres();
    for (const file of this.logFiles.values()) file.end();
    this.logFiles.clear();
  }

  /** Last resort when the parent is exiting: synchronous, so it works in a process 'exit' handler. */
  killAllNow(): void {
    for (const managed of [this.temporalServer, this.postgres]) {
      if (managed?.child.pid !== undefined) killGroup(managed.child, 'SIGKILL');
    }
  }

  // ----- PostgreSQL -----

  private databasePassword(): string {
    if (existsSync(this.passwordFile)) return readFileSync(this.passwordFile, 'utf8').trim();
    // Generated once per data folder and kept next to it (owner-only): no default password anywhere.
    const password = randomBytes(24).toString('base64url');
    writeFileSync(this.passwordFile, `${password}\n`, { mode: 0o600 });
    return password;
  }

  private initPostgres(binDir: string, user: OsUser | undefined): void {
    this.postgresDir = this.choosePostgresDir(user);
    if (existsSync(path.join(this.postgresDir, 'PG_VERSION'))) return;
    this.log(`[postgres] creating a database cluster in ${this.postgresDir}`);
    // initdb wants an empty folder: a half-done earlier attempt is removed.
    rmSync(this.postgresDir, { recursive: true, force: true });
    mkdirSync(this.postgresDir, { recursive: true, mode: 0o700 });
    // The password goes in through a file only the database user can read, removed right after.
    const pwfile = `${this.postgresDir}.pwfile`;
    writeFileSync(pwfile, `${this.databasePassword()}\n`, { mode: 0o600 });
    if (user) {
      chownSync(this.postgresDir, user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    try {
      // The superuser is Temporal's login, so it owns the databases it creates (PostgreSQL 15 no longer
      // lets other users create tables in `public`). Password logins only, over TCP on 127.0.0.1.
      const result = spawnSync(
        path.join(binDir, 'initdb'),
        ['-D', this.postgresDir, '-U', DATABASE_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
        { encoding: 'utf8', cwd: this.postgresDir, uid: user?.uid, gid: user?.gid, env: plainEnv({ PATH: process.env.PATH, LANG: 'C' }) },
      );
      if (result.status !== 0) {
        rmSync(this.postgresDir, { recursive: true, force: true });
        throw new Error(`initdb failed (exit code ${result.status}):\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`);
      }
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  /** DATA_DIR/postgres itself, unless the `postgres` user cannot reach it: then a folder it can, linked from there. */
  private choosePostgresDir(user: OsUser | undefined): string {
    const link = this.postgresLink;
    if (lstatOrUndefined(link)?.isSymbolicLink()) return linkTarget(link);
    if (!user || existsSync(link)) return link;
    const blocked = blockingFolder(link, user);
    if (!blocked) return link;
    const id = createHash('sha256').update(path.dirname(link)).digest('hex').slice(0, 16);
    const target = path.join(FALLBACK_ROOT, id, 'postgres');
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    symlinkSync(target, link);
    this.log(
      `[postgres] the "${user.name}" user PostgreSQL runs as cannot enter ${blocked}, so its data goes to ${target} ` +
        `(linked from ${link}); remove both to start afresh`,
    );
    return target;
  }

  /** Deletes PostgreSQL's data, including a folder DATA_DIR/postgres links to (for throwaway runs: chaos, tests). */
  removePostgresData(): void {
    if (this.postgres) throw new Error('stop PostgreSQL before removing its data');
    if (lstatOrUndefined(this.postgresLink)?.isSymbolicLink()) {
      rmSync(path.dirname(linkTarget(this.postgresLink)), { recursive: true, force: true });
    }
    rmSync(this.postgresLink, { recursive: true, force: true });
  }

  async startPostgres(): Promise<void> {
    if (this.postgres) return;
    const binDir = (this.postgresBinDir ??= ensurePostgres(this.log));
    const user = postgresOsUser();
    this.initPostgres(binDir, user);
    const port = this.options.postgresPort;
    if (await isPortOpen(port)) {
      throw new Error(`something already listens on 127.0.0.1:${port}, the port for this cluster's PostgreSQL: stop it or set CLUSTER_POSTGRES_PORT`);
    }
    const args = [
      '-D', this.postgresDir,
      '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      // No Unix socket: its default folder (/var/run/postgresql) may be missing or taken by the system's server.
      '-c', 'unix_socket_directories=',
    ];
    const postgres = this.spawnService('postgres', path.join(binDir, 'postgres'), args, {
      cwd: this.postgresDir,
      env: { PATH: process.env.PATH, LANG: 'C' },
      user,
    });
    this.postgres = postgres;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (postgres.child.exitCode !== null || postgres.child.signalCode !== null) {
        this.postgres = undefined;
        throw new Error(`PostgreSQL exited during start:\n${postgres.recentOutput.join('\n')}`);
      }
      const ready = spawnSync(path.join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], { stdio: 'ignore' });
      if (ready.status === 0) break;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections on port ${port} within 60s`);
      await sleep(250);
    }
    postgres.ready = true;
    this.log(`[postgres] ready on 127.0.0.1:${port} (data in ${this.postgresDir})`);
  }

  /** A fast shutdown (SIGINT): open transactions are rolled back, clients disconnected, data kept. */
  async stopPostgres(): Promise<void> {
    const postgres = this.postgres;
    this.postgres = undefined;
    if (postgres) await this.stopService(postgres, 'SIGINT');
  }

  async restartPostgres(downMs = 0): Promise<void> {
    await this.stopPostgres();
    if (downMs > 0) await sleep(downMs);
    await this.startPostgres();
  }

  private databaseEnv(): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: String(this.options.postgresPort),
      POSTGRES_USER: DATABASE_USER,
    };
  }

  /** deploy/temporal/setup-schema.sh, the same script the compose file runs. */
  async setupSchema(): Promise<void> {
    const script = path.join(REPO_ROOT, 'deploy', 'temporal', 'setup-schema.sh');
    const env = {
      ...this.databaseEnv(),
      TEMPORAL_SQL_TOOL: this.options.binaries.sql,
      SQL_PASSWORD: this.databasePassword(),
    };
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('sh', [script], { cwd: REPO_ROOT, env: plainEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', (error) => resolve({ code: 127, output: error.message }));
      child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
    });
    this.logFileFor('schema')?.write(result.output);
    if (result.code !== 0) throw new Error(`the Temporal schema setup failed (exit code ${result.code}):\n${result.output}`);
    this.log('[schema] persistence and visibility schemas are up to date');
  }

  // ----- Temporal server -----

  async startTemporal(): Promise<void> {
    if (this.temporalServer) return;
    const port = this.options.temporalPort;
    if (await isPortOpen(port)) {
      throw new Error(`something already listens on ${this.address}, the port for this cluster's Temporal server: stop it or pick another TEMPORAL_ADDRESS port`);
    }
    const env = {
      ...this.databaseEnv(),
      POSTGRES_PWD: this.databasePassword(),
      BIND_ON_IP: '127.0.0.1',
      TEMPORAL_LOG_LEVEL: process.env.TEMPORAL_SERVER_LOG_LEVEL || 'warn',
      DYNAMIC_CONFIG_FILE_PATH: path.join(REPO_ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml'),
      PROMETHEUS_ENDPOINT: process.env.TEMPORAL_SERVER_METRICS_ADDRESS || undefined,
      ...temporalPorts(port),
    };
    const args = ['--root', REPO_ROOT, '--config', 'deploy/temporal/config', '--env', 'postgres', 'start'];
    const server = this.spawnService('temporal', this.options.binaries.server, args, { cwd: REPO_ROOT, env });
    this.temporalServer = server;
    const deadline = Date.now() + 90_000;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        this.temporalServer = undefined;
        throw new Error(`the Temporal server exited during start:\n${server.recentOutput.join('\n')}`);
      }
      if (await isPortOpen(port)) {
        try {
          await this.withConnection((connection) => connection.workflowService.getSystemInfo({}));
          server.ready = true;
          this.log(`[temporal] Temporal server ${this.address} is up (PostgreSQL on port ${this.options.postgresPort})`);
          return;
        } catch (error) {
          lastProblem = errorMessage(error);
        }
      }
      await sleep(500);
    }
    throw new Error(`the Temporal server at ${this.address} did not answer within 90s (${lastProblem})\n${server.recentOutput.join('\n')}`);
  }

  async stopTemporal(): Promise<void> {
    const server = this.temporalServer;
    this.temporalServer = undefined;
    if (server) await this.stopService(server, 'SIGTERM');
  }

  async restartTemporal(downMs = 0): Promise<void> {
    await this.stopTemporal();
    if (downMs > 0) await sleep(downMs);
    await this.startTemporal();
  }

  private async withConnection<T>(action: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address: this.address, connectTimeout: 5000 });
    try {
      return await action(connection);
    } finally {
      await connection.close();
    }
  }

  /**
   * The server creates no `default` namespace: registers ours (30 days' retention) and the search
   * attributes the workflows set (temporal/shared/workflow-contract.ts), leaving what exists alone, then
   * waits until the frontend serves the namespace (its cache refreshes every few seconds).
   */
  async registerNamespace(): Promise<void> {
    const namespace = this.namespace;
    await this.withConnection(async (connection) => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch {
        try {
          await connection.workflowService.registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs(NAMESPACE_RETENTION),
          });
          this.log(`[temporal] registered namespace ${namespace}`);
        } catch (error) {
          if (!/already exists/i.test(errorMessage(error))) throw error;
        }
      }
      const wanted = Object.fromEntries(
        SEARCH_ATTRIBUTE_REGISTRATIONS.map((registration) => {
          const [name = '', type = ''] = registration.split('=');
          const indexedType = INDEXED_VALUE_TYPES[type];
          if (indexedType === undefined) throw new Error(`unknown search attribute type in "${registration}"`);
          return [name, indexedType];
        }),
      );
      const deadline = Date.now() + 60_000;
      let lastProblem = '';
      while (Date.now() < deadline) {
        try {
          const existing = await connection.operatorService.listSearchAttributes({ namespace });
          const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => !(name in (existing.customAttributes ?? {}))));
          if (Object.keys(missing).length > 0) {
            await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
            this.log(`[temporal] registered search attributes ${Object.keys(missing).join(', ')}`);
            continue;
          }
          // A visibility query fails until the frontend's namespace cache knows the new namespace.
          await connection.workflowService.countWorkflowExecutions({ namespace, query: 'OnboardingStatus = "completed"' });
          return;
        } catch (error) {
          lastProblem = errorMessage(error);
          await sleep(1000);
        }
      }
      throw new Error(`namespace ${namespace} was not usable within 60s (${lastProblem})`);
    });
    this.log(`[temporal] namespace ${namespace} and its search attributes are ready`);
  }

  // ----- process helpers -----

  private spawnService(
    name: string,
    command: string,
    args: string[],
    { cwd, env, user }: { cwd: string; env: Record<string, string | undefined>; user?: OsUser },
  ): ServiceProcess {
    // Own process group (detached), so Ctrl-C in the terminal reaches only the supervisor, which stops
    // things in order: PostgreSQL must outlive the Temporal server that writes to it.
    const child = spawn(command, args, {
      cwd,
      env: plainEnv(env),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: user?.uid,
      gid: user?.gid,
    });
    const managed: ServiceProcess = {
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
        if (this.options.echo && !managed.stopping) this.log(`[${name}] ${line}`);
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', (code, signal) => {
      if (this.postgres === managed) this.postgres = undefined;
      if (this.temporalServer === managed) this.temporalServer = undefined;
      if (!managed.stopping && !this.stoppingAll && managed.ready) {
        this.options.onUnexpectedExit?.(name, code, signal, managed.recentOutput.join('\n'));
      }
    });
    return managed;
  }

  private async stopService(managed: ServiceProcess, signal: NodeJS.Signals): Promise<void> {
    managed.stopping = true;
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    killGroup(managed.child, signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      managed.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.log(`[cluster] ${managed.name} did not stop within ${STOP_GRACE_MS / 1000}s; killing it`);
      killGroup(managed.child, 'SIGKILL');
      await managed.exited;
    }
  }

  private logFileFor(name: string): WriteStream | undefined {
    if (this.options.logToFiles === false) return undefined;
    let file = this.logFiles.get(name);
    if (!file) {
      const dir = path.join(path.resolve(this.options.dataDir), 'logs');
      mkdirSync(dir, { recursive: true });
      file = createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
      this.logFiles.set(name, file);
    }
    return file;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

// @ts-check
/**
 * Finds or builds the Temporal server and its SQL schema tool (v1.29.1) for `npm run cluster`, the cluster
 * chaos run and the cluster stage of `npm test`: TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH, else the
 * cached copies (~/.cache/onboarding-dashboard/temporal-server/<version>/server and sql), else
 * `go install` of both from the Go module proxy into that folder, so Go is needed the first time (1.25+, which
 * the module's go.mod asks for; an older Go 1.21+ fetches that toolchain itself). Plain Node, no dependencies.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findOnPath, isExecutable, killChildOnSignals, withInstallLock } from './temporal-cli.mjs';

/** @typedef {(line: string) => void} Log */
/** @typedef {{ server: string, sql: string }} ServerBinaries */

export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';
const PACKAGES = { server: 'cmd/server', sql: 'cmd/tools/sql' };

export function temporalServerCacheDir(version = TEMPORAL_SERVER_VERSION) {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'onboarding-dashboard', 'temporal-server', version);
}

/** @returns {ServerBinaries} */
function cachedPaths(cacheDir = temporalServerCacheDir()) {
  return { server: path.join(cacheDir, 'server'), sql: path.join(cacheDir, 'sql') };
}

/**
 * The binaries when they are there already (environment or cache), without building anything.
 * @returns {ServerBinaries | undefined}
 */
export function findTemporalServer() {
  const fromEnv = { server: process.env.TEMPORAL_SERVER_PATH, sql: process.env.TEMPORAL_SQL_TOOL_PATH };
  for (const [name, file] of Object.entries(fromEnv)) {
    if (file && !isExecutable(file)) {
      throw new Error(`${name === 'server' ? 'TEMPORAL_SERVER_PATH' : 'TEMPORAL_SQL_TOOL_PATH'}=${file} is not an executable file`);
    }
  }
  const cached = cachedPaths();
  const server = fromEnv.server ? path.resolve(fromEnv.server) : cached.server;
  const sql = fromEnv.sql ? path.resolve(fromEnv.sql) : cached.sql;
  return isExecutable(server) && isExecutable(sql) ? { server, sql } : undefined;
}

/**
 * `go install` of both commands in one go (one module download, shared compilation). The compiler's
 * package lines go to `buildLog` when given (npm test keeps its output readable), else to stderr.
 * @param {string} goPath
 * @param {string} cacheDir
 * @param {Log} log
 * @param {string | undefined} buildLog
 * @returns {Promise<ServerBinaries>}
 */
function goInstall(goPath, cacheDir, log, buildLog) {
  return new Promise((resolve, reject) => {
    mkdirSync(cacheDir, { recursive: true });
    const refs = Object.values(PACKAGES).map((pkg) => `${MODULE}/${pkg}@v${TEMPORAL_SERVER_VERSION}`);
    log(`[temporal-server] building ${refs.join(' and ')} with ${goPath} (from scratch: about 5.5 CPU-minutes of compiling, once)`);
    if (buildLog) log(`[temporal-server] compiler output: ${buildLog}`);
    const startedAt = Date.now();
    const logStream = buildLog ? createWriteStream(buildLog, { flags: 'a' }) : undefined;
    const child = spawn(goPath, ['install', '-v', ...refs], {
      env: { ...process.env, GOBIN: cacheDir, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      stdio: ['ignore', logStream ? 'pipe' : 2, logStream ? 'pipe' : 2],
    });
    let packages = 0;
    /** @param {Buffer} chunk */
    const count = (chunk) => {
      packages += chunk.toString('utf8').split('\n').filter((line) => line && !line.startsWith('go: ')).length;
      logStream?.write(chunk);
    };
    child.stdout?.on('data', count);
    child.stderr?.on('data', count);
    const ticker = setInterval(() => {
      const progress = logStream ? `, ${packages} packages compiled` : '';
      log(`[temporal-server] still building... ${Math.round((Date.now() - startedAt) / 1000)}s${progress}`);
    }, 30_000);
    const releaseSignals = killChildOnSignals(child);
    const finish = () => {
      clearInterval(ticker);
      logStream?.end();
      releaseSignals();
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('exit', (code) => {
      finish();
      const built = cachedPaths(cacheDir);
      if (code === 0 && isExecutable(built.server) && isExecutable(built.sql)) {
        log(`[temporal-server] built in ${Math.round((Date.now() - startedAt) / 1000)}s`);
        resolve(built);
      } else {
        reject(new Error(`go install exited with code ${code}${buildLog ? ` (see ${buildLog})` : ''}`));
      }
    });
  });
}

/**
 * Returns `{ server, sql }`, the absolute paths of both binaries, building them first when needed.
 * @param {{ log?: Log, buildLog?: string }} [options]
 * @returns {Promise<ServerBinaries>}
 */
export async function ensureTemporalServer({ log = (line) => console.log(line), buildLog } = {}) {
  const found = findTemporalServer();
  if (found) return found;
  const cacheDir = temporalServerCacheDir();
  return withInstallLock(
    cacheDir,
    log,
    async () => {
      // Someone else may have finished while we waited for the lock.
      const built = findTemporalServer();
      if (built) return built;
      const goPath = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go');
      if (!goPath) {
        throw new Error(
          [
            `The Temporal server v${TEMPORAL_SERVER_VERSION} is not built yet and \`go\` is not on PATH.`,
            'Fix one of these and run again:',
            '  - install Go 1.25+ (https://go.dev/dl/): the server and its SQL tool are built from their Go module, or',
            `  - build them elsewhere (go install ${MODULE}/${PACKAGES.server}@v${TEMPORAL_SERVER_VERSION} ${MODULE}/${PACKAGES.sql}@v${TEMPORAL_SERVER_VERSION})`,
            '    and set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to the two binaries, or',
            '  - use a Temporal cluster you already run (TEMPORAL_ADDRESS) with `npm start`.',
          ].join('\n'),
        );
      }
      return goInstall(goPath, cacheDir, log, buildLog);
    },
    { tag: 'temporal-server', what: 'the Temporal server' },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureTemporalServer({ log: (line) => console.error(line) })
    .then((paths) => console.log(JSON.stringify(paths)))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}

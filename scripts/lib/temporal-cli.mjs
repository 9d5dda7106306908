// @ts-check
/**
 * Finds or installs the Temporal CLI (which carries the dev server), in this order:
 * TEMPORAL_CLI_PATH, `temporal` on PATH, the cached copy, the release archive, `go install`.
 * Plain Node, no dependencies, so it works on a fresh clone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TEMPORAL_CLI_VERSION = '1.5.1';
const binaryName = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
// Offline machines must not hang on the download: the next fallback is usually the one that works.
const DOWNLOAD_TIMEOUT_MS = Number(process.env.TEMPORAL_CLI_DOWNLOAD_TIMEOUT_MS ?? 15_000);
const LOCK_STALE_MS = 30 * 60_000;

/** @param {string} [version] */
function temporalCliCacheDir(version = TEMPORAL_CLI_VERSION) {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'onboarding-dashboard', 'temporal-cli', version);
}

/** @param {string} file */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} name */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function releasePlatform() {
  /** @type {Partial<Record<string, string>>} */
  const platforms = { linux: 'linux', darwin: 'darwin' };
  /** @type {Partial<Record<string, string>>} */
  const arches = { x64: 'amd64', arm64: 'arm64' };
  const platform = platforms[process.platform];
  const arch = arches[process.arch];
  return platform && arch ? { platform, arch } : undefined;
}

/** @typedef {(line: string) => void} Log */

/**
 * @param {string} targetDir
 * @param {Log} log
 * @returns {Promise<string>}
 */
async function downloadRelease(targetDir, log) {
  const target = releasePlatform();
  if (!target) throw new Error(`no release archive for ${process.platform}/${process.arch}`);
  const url = `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${target.platform}&arch=${target.arch}`;
  log(`[temporal-cli] downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const archive = Buffer.from(await response.arrayBuffer());
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'temporal-cli-'));
  try {
    const archivePath = path.join(workDir, 'temporal.tar.gz');
    writeFileSync(archivePath, archive);
    const untar = spawnSync('tar', ['-xzf', archivePath, '-C', workDir], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error('could not unpack the archive (is `tar` installed?)');
    const extracted = path.join(workDir, binaryName);
    if (!existsSync(extracted)) throw new Error('the archive has no temporal binary');
    mkdirSync(targetDir, { recursive: true });
    const destination = path.join(targetDir, binaryName);
    // Copy then rename, so a concurrent reader never sees a half-written binary.
    writeFileSync(`${destination}.partial`, readFileSync(extracted));
    chmodSync(`${destination}.partial`, 0o755);
    renameSync(`${destination}.partial`, destination);
    return destination;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * @param {string} goPath
 * @param {string} targetDir
 * @param {Log} log
 * @returns {Promise<string>}
 */
function goInstall(goPath, targetDir, log) {
  return new Promise((resolve, reject) => {
    mkdirSync(targetDir, { recursive: true });
    const moduleRef = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
    log(`[temporal-cli] building ${moduleRef} with ${goPath} (the first build takes a few minutes)`);
    const startedAt = Date.now();
    const child = spawn(goPath, ['install', '-v', moduleRef], {
      env: { ...process.env, GOBIN: targetDir, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      // Both to stderr: the CLI entry below prints only the resulting path on stdout.
      stdio: ['ignore', 2, 2],
    });
    const ticker = setInterval(() => {
      log(`[temporal-cli] still building... ${Math.round((Date.now() - startedAt) / 1000)}s`);
    }, 15_000);
    // Stopping us must not leave a compiler running in the background.
    /** @param {NodeJS.Signals} signal */
    const stopBuild = (signal) => {
      child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', stopBuild);
    process.once('SIGTERM', stopBuild);
    const finish = () => {
      clearInterval(ticker);
      process.off('SIGINT', stopBuild);
      process.off('SIGTERM', stopBuild);
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('exit', (code) => {
      finish();
      const built = path.join(targetDir, binaryName);
      if (code === 0 && isExecutable(built)) {
        log(`[temporal-cli] built in ${Math.round((Date.now() - startedAt) / 1000)}s`);
        resolve(built);
      } else {
        reject(new Error(`go install exited with code ${code}`));
      }
    });
  });
}

/** @param {number} pid */
function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * A directory lock (mkdir is atomic) so two parallel callers don't both download or build; `tag` and `what`
 * word the waiting message. Also used for the Temporal server (scripts/lib/temporal-server.mjs).
 * @template T
 * @param {string} cacheDir
 * @param {Log} log
 * @param {() => Promise<T>} action
 * @param {{ tag?: string, what?: string }} [wording]
 * @returns {Promise<T>}
 */
export async function withInstallLock(cacheDir, log, action, { tag = 'temporal-cli', what = 'the CLI' } = {}) {
  mkdirSync(path.dirname(cacheDir), { recursive: true });
  const lockDir = `${cacheDir}.lock`;
  const ownerFile = path.join(lockDir, 'owner');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, at: Date.now() }));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      /** @type {{ pid?: unknown, at?: unknown } | undefined} */
      let owner;
      try {
        /** @type {unknown} */
        const parsed = JSON.parse(readFileSync(ownerFile, 'utf8'));
        owner = typeof parsed === 'object' && parsed !== null ? parsed : undefined;
      } catch {
        owner = undefined;
      }
      // An owner file without a number pid is a broken lock: as stale as a dead owner's.
      const stale = owner
        ? typeof owner.pid !== 'number' || !processIsAlive(owner.pid) || Date.now() - Number(owner.at) > LOCK_STALE_MS
        : false;
      if (stale) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log(`[${tag}] another process is installing ${what} (${lockDir}); waiting`);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Returns the absolute path of a usable `temporal` binary, installing it if needed.
 * @param {{ log?: Log }} [options]
 * @returns {Promise<string>}
 */
export async function ensureTemporalCli({ log = (line) => console.log(line) } = {}) {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    const resolved = path.resolve(fromEnv);
    if (!isExecutable(resolved)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return resolved;
  }
  const onPath = findOnPath(binaryName);
  if (onPath) return onPath;

  const cacheDir = temporalCliCacheDir();
  const cached = path.join(cacheDir, binaryName);
  if (isExecutable(cached)) return cached;

  return withInstallLock(cacheDir, log, async () => {
    // Someone else may have finished while we waited for the lock.
    if (isExecutable(cached)) return cached;
    const problems = [];
    try {
      return await downloadRelease(cacheDir, log);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      problems.push(`download: ${reason}`);
      log(`[temporal-cli] download failed (${reason}); trying go install`);
    }
    const goPath = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go');
    if (goPath) {
      try {
        return await goInstall(goPath, cacheDir, log);
      } catch (error) {
        problems.push(`go install: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      problems.push('go install: `go` is not on PATH');
    }
    throw new Error(
      [
        `Could not find or install the Temporal CLI v${TEMPORAL_CLI_VERSION}.`,
        ...problems.map((p) => `  - ${p}`),
        'Fix one of these and run again:',
        '  - install Go 1.22+ (https://go.dev/dl/) so the CLI can be built, or',
        `  - download the CLI (https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}) and set TEMPORAL_CLI_PATH to the binary, or`,
        '  - put a `temporal` binary on PATH (e.g. `brew install temporal`).',
      ].join('\n'),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureTemporalCli({ log: (line) => console.error(line) })
    .then((cliPath) => console.log(cliPath))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}

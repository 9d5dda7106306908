// @ts-check
/**
 * Finds or installs the Temporal CLI (which carries the dev server), in this order:
 * TEMPORAL_CLI_PATH, `temporal` on PATH, the cached copy, the release archive, `go install`.
 * Plain Node, no dependencies, so it works on a fresh clone.
 *
 * The release archive is streamed to disk with a progress line and checked against the SHA-256 the
 * release publishes in its checksums.txt before anything is unpacked. Timeouts cover connecting and
 * stalls, never the whole transfer, so a slow but steady link finishes; a broken connection is retried once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { mkdtemp, open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TEMPORAL_CLI_VERSION = '1.5.1';
/**
 * The oldest Go that builds the pinned CLI: the go.mod of github.com/temporalio/cli v1.5.1 says `go 1.25.0`.
 * Go 1.21 to 1.24 fetch a 1.25 toolchain by themselves (GOTOOLCHAIN=auto, the default); older Go cannot.
 */
const GO_VERSION_FOR_CLI = '1.25';
const RELEASE_URL = `https://github.com/temporalio/cli/releases/download/v${TEMPORAL_CLI_VERSION}`;
const RELEASE_PAGE = `https://github.com/temporalio/cli/releases/tag/v${TEMPORAL_CLI_VERSION}`;
/** temporalio/cli's goreleaser config lists every archive's SHA-256 in this file beside the archives. */
const CHECKSUMS_FILE = 'checksums.txt';
/**
 * The v1.5.1 release's checksums.txt lines, kept here too: with the default URLs the published file must
 * agree with them, so a release asset replaced after the fact is refused as well as a corrupted download.
 */
/** @type {Record<string, string>} */
const KNOWN_SHA256 = {
  [`temporal_cli_${TEMPORAL_CLI_VERSION}_linux_amd64.tar.gz`]: 'ddc95e08b0b076efd4ea9733a3f488eb7d2be875f8834e616cd2a37358b4852d',
  [`temporal_cli_${TEMPORAL_CLI_VERSION}_linux_arm64.tar.gz`]: 'bd1b0db9f18b051026de8bf6cc1505f2510f14bbb7a8b9a4a91fff46c77454f5',
  [`temporal_cli_${TEMPORAL_CLI_VERSION}_darwin_amd64.tar.gz`]: 'bbb73e2a31135abe50a1f1cdb35030c42961df618e8ce9c60ae89f201540c5d9',
  [`temporal_cli_${TEMPORAL_CLI_VERSION}_darwin_arm64.tar.gz`]: 'cca01b7ea35ad56e2a328d9ae596bf716bd22313ef63c7a761c88354457c2415',
};
const binaryName = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
const LOCK_STALE_MS = 30 * 60_000;
const WINDOWS_ADVICE = 'On Windows, run the project inside WSL 2 (a Linux distribution such as Ubuntu): native Windows is not supported.';

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
 * @param {string} name
 * @param {number} fallback
 */
function positiveMs(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number of milliseconds above 0 (got "${raw}")`);
  return value;
}

/**
 * @param {string} name
 * @param {string} raw
 */
function parseUrl(name, raw) {
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // Reported below.
  }
  throw new Error(`${name} must be an http(s) URL (got "${raw}")`);
}

/**
 * Where the archive and its checksums come from. TEMPORAL_CLI_DOWNLOAD_URL replaces the archive's URL
 * (a mirror, or a local server in tests); the checksums are then looked for beside it, as in a release,
 * unless TEMPORAL_CLI_CHECKSUMS_URL names them.
 */
function downloadSettings() {
  const target = releasePlatform();
  const archiveOverride = process.env.TEMPORAL_CLI_DOWNLOAD_URL;
  if (!archiveOverride && !target) {
    throw new Error(`there is no release archive for ${process.platform}/${process.arch}${process.platform === 'win32' ? ` (${WINDOWS_ADVICE})` : ''}`);
  }
  const archiveUrl = archiveOverride
    ? parseUrl('TEMPORAL_CLI_DOWNLOAD_URL', archiveOverride)
    : new URL(`${RELEASE_URL}/temporal_cli_${TEMPORAL_CLI_VERSION}_${target?.platform}_${target?.arch}.tar.gz`);
  const archiveName = decodeURIComponent(archiveUrl.pathname.split('/').pop() ?? '');
  if (!archiveName) throw new Error(`TEMPORAL_CLI_DOWNLOAD_URL must end with the archive's file name (got "${archiveOverride}")`);
  const checksumsUrl = process.env.TEMPORAL_CLI_CHECKSUMS_URL
    ? parseUrl('TEMPORAL_CLI_CHECKSUMS_URL', process.env.TEMPORAL_CLI_CHECKSUMS_URL)
    : new URL(CHECKSUMS_FILE, archiveUrl);
  return {
    archiveUrl,
    archiveName,
    checksumsUrl,
    // With the release's own URLs, the published checksum must also match the one pinned above.
    pinnedSha256: archiveOverride || process.env.TEMPORAL_CLI_CHECKSUMS_URL ? undefined : KNOWN_SHA256[archiveName],
    // Time to get an answer (connection, TLS, redirects, headers); then the longest wait for the next bytes.
    connectTimeoutMs: positiveMs('TEMPORAL_CLI_CONNECT_TIMEOUT_MS', 20_000),
    stallTimeoutMs: positiveMs('TEMPORAL_CLI_STALL_TIMEOUT_MS', 30_000),
  };
}

/**
 * The useful part of a fetch failure: undici puts ECONNRESET and the like in `cause`.
 * @param {unknown} error
 */
function errorText(error) {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/** An error worth one more try: the connection broke mid-way (reset, closed early, fewer bytes than announced). */
class BrokenConnectionError extends Error {}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** @param {number} ms */
function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Reports a download's progress: on a terminal one line rewritten in place (to stderr), elsewhere a
 * line at each tenth of the file (or every 5 s when the size is unknown), so logs stay short.
 */
/** @typedef {{ update(received: number): void, done(): void }} Reporter */
/**
 * @param {Log} log
 * @param {string} label
 * @param {number | undefined} total
 * @returns {Reporter}
 */
function progressReporter(log, label, total) {
  const tty = Boolean(process.stderr.isTTY) && !process.env.CI;
  let lastTenth = -1;
  let lastLineAt = Date.now();
  let lastDrawAt = 0;
  /** @param {number} received */
  const describe = (received) =>
    total ? `${formatBytes(received)} of ${formatBytes(total)} (${Math.floor((received / total) * 100)}%)` : `${formatBytes(received)} (size not announced)`;
  return {
    update(received) {
      const now = Date.now();
      if (tty) {
        if (now - lastDrawAt < 200 && received !== total) return;
        lastDrawAt = now;
        process.stderr.write(`\r[temporal-cli] ${label}: ${describe(received)}   `);
        return;
      }
      const tenth = total ? Math.floor((received / total) * 10) : -1;
      if (total ? tenth > lastTenth : now - lastLineAt >= 5000) {
        lastTenth = tenth;
        lastLineAt = now;
        log(`[temporal-cli] ${label}: ${describe(received)}`);
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

/**
 * GETs `url` into `file` (created or truncated) and returns its size and SHA-256. Gives up when no answer
 * comes within connectTimeoutMs or no byte arrives for stallTimeoutMs; a slow but steady body is fine.
 */
/** @typedef {{ start(total: number | undefined): void, update(received: number): void, done(): void }} Progress */
/** @typedef {{ connectTimeoutMs: number, stallTimeoutMs: number, onProgress?: Progress }} FetchOptions */
/**
 * @param {URL} url
 * @param {string} file
 * @param {FetchOptions} options
 * @returns {Promise<{ bytes: number, sha256: string }>}
 */
async function fetchToFile(url, file, { connectTimeoutMs, stallTimeoutMs, onProgress }) {
  const controller = new AbortController();
  let why;
  let timer = setTimeout(() => {
    why = `no answer from ${url.host} within ${seconds(connectTimeoutMs)} (TEMPORAL_CLI_CONNECT_TIMEOUT_MS)`;
    controller.abort();
  }, connectTimeoutMs);
  const output = await open(file, 'w');
  let received = 0;
  try {
    let response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      if (why) throw new Error(why);
      throw new Error(`could not reach ${url.host}: ${errorText(error)}`);
    }
    if (!response.ok || !response.body) {
      throw new Error(`${url.href} answered HTTP ${response.status}`);
    }
    const announced = Number(response.headers.get('content-length'));
    const total = Number.isFinite(announced) && announced > 0 ? announced : undefined;
    const hash = createHash('sha256');
    const reader = response.body.getReader();
    onProgress?.start(total);
    for (;;) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        why =
          `the download stalled: no data for ${seconds(stallTimeoutMs)} after ${formatBytes(received)}` +
          `${total ? ` of ${formatBytes(total)}` : ''} (TEMPORAL_CLI_STALL_TIMEOUT_MS)`;
        controller.abort();
      }, stallTimeoutMs);
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (why) throw new Error(why);
        throw new BrokenConnectionError(`the connection broke after ${formatBytes(received)}: ${errorText(error)}`);
      }
      if (chunk.done) break;
      hash.update(chunk.value);
      await output.write(chunk.value);
      received += chunk.value.byteLength;
      onProgress?.update(received);
    }
    if (total !== undefined && received < total) {
      throw new BrokenConnectionError(`the connection closed after ${formatBytes(received)} of ${formatBytes(total)}`);
    }
    return { bytes: received, sha256: hash.digest('hex') };
  } finally {
    clearTimeout(timer);
    onProgress?.done();
    await output.close();
  }
}

/**
 * fetchToFile, tried a second time when the connection broke; other failures are final.
 * @param {URL} url
 * @param {string} file
 * @param {FetchOptions} options
 * @param {Log} log
 */
async function fetchWithOneRetry(url, file, options, log) {
  try {
    return await fetchToFile(url, file, options);
  } catch (error) {
    if (!(error instanceof BrokenConnectionError)) throw error;
    log(`[temporal-cli] ${error.message}; trying once more`);
    return fetchToFile(url, file, options);
  }
}

/**
 * The SHA-256 that a goreleaser checksums file (`<hex>  <file name>` per line) gives for `name`.
 * @param {string} checksumsText
 * @param {string} name
 */
function checksumFor(checksumsText, name) {
  for (const line of checksumsText.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]?.trim() === name) return match[1].toLowerCase();
  }
  return undefined;
}

/**
 * @param {string} targetDir
 * @param {Log} log
 * @returns {Promise<string>}
 */
async function downloadRelease(targetDir, log) {
  const settings = downloadSettings();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'temporal-cli-'));
  try {
    const checksumsPath = path.join(workDir, CHECKSUMS_FILE);
    await fetchWithOneRetry(settings.checksumsUrl, checksumsPath, settings, log);
    const expected = checksumFor(readFileSync(checksumsPath, 'utf8'), settings.archiveName);
    if (!expected) throw new Error(`${settings.checksumsUrl.href} lists no checksum for ${settings.archiveName}`);
    if (settings.pinnedSha256 && expected !== settings.pinnedSha256) {
      throw new Error(
        `the published checksum of ${settings.archiveName} changed: checksums.txt says ${expected}, this project pinned ${settings.pinnedSha256}; nothing was installed`,
      );
    }

    log(`[temporal-cli] downloading ${settings.archiveUrl.href}`);
    const archivePath = path.join(workDir, settings.archiveName);
    /** @type {Reporter | undefined} */
    let reporter;
    const { sha256 } = await fetchWithOneRetry(
      settings.archiveUrl,
      archivePath,
      {
        ...settings,
        onProgress: {
          start: (total) => (reporter = progressReporter(log, settings.archiveName, total)),
          update: (received) => reporter?.update(received),
          done: () => reporter?.done(),
        },
      },
      log,
    );
    if (sha256 !== expected) {
      throw new Error(
        `checksum mismatch for ${settings.archiveName}: expected SHA-256 ${expected} (from ${settings.checksumsUrl.href}), got ${sha256}; the archive was refused and deleted`,
      );
    }
    log(`[temporal-cli] SHA-256 verified against ${CHECKSUMS_FILE}`);

    const untar = spawnSync('tar', ['-xzf', archivePath, '-C', workDir], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (untar.error || untar.status !== 0) {
      throw new Error(`could not unpack the archive (is \`tar\` installed?) ${untar.error?.message ?? untar.stderr ?? ''}`.trim());
    }
    const extracted = path.join(workDir, binaryName);
    if (!existsSync(extracted)) throw new Error(`the archive has no ${binaryName} binary`);
    mkdirSync(targetDir, { recursive: true });
    const destination = path.join(targetDir, binaryName);
    // Copy then rename, so a concurrent reader never sees a half-written binary.
    writeFileSync(`${destination}.partial`, readFileSync(extracted));
    chmodSync(`${destination}.partial`, 0o755);
    renameSync(`${destination}.partial`, destination);
    log(`[temporal-cli] installed ${destination}`);
    return destination;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * `go version`'s answer as major and minor, or undefined when it cannot be read.
 * @param {string} goPath
 */
function goVersionOf(goPath) {
  const result = spawnSync(goPath, ['version'], { encoding: 'utf8', timeout: 30_000 });
  const match = /go(\d+)\.(\d+)/.exec(result.stdout ?? '');
  return match ? { text: `${match[1]}.${match[2]}`, major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/**
 * Stopping us (Ctrl-C, SIGTERM) must not leave a compiler running in the background: kills `child` and
 * exits with the signal's code. Returns the function that removes the handlers once the child is done.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {() => void}
 */
export function killChildOnSignals(child) {
  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    child.kill('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/**
 * @param {string} goPath
 * @param {string} targetDir
 * @param {Log} log
 * @returns {Promise<string>}
 */
function goInstall(goPath, targetDir, log) {
  const [neededMajor = 1, neededMinor = 25] = GO_VERSION_FOR_CLI.split('.').map(Number);
  const found = goVersionOf(goPath);
  if (found && (found.major < neededMajor || (found.major === neededMajor && found.minor < neededMinor))) {
    // Go 1.21+ downloads the toolchain a module asks for; Go 1.20 and older cannot build it at all.
    if (found.major === 1 && found.minor < 21) {
      return Promise.reject(new Error(`${goPath} is Go ${found.text}; CLI v${TEMPORAL_CLI_VERSION} needs Go ${GO_VERSION_FOR_CLI} or newer`));
    }
    log(`[temporal-cli] ${goPath} is Go ${found.text}; CLI v${TEMPORAL_CLI_VERSION} needs Go ${GO_VERSION_FOR_CLI}+, which go fetches by itself unless GOTOOLCHAIN=local`);
  }
  return new Promise((resolve, reject) => {
    mkdirSync(targetDir, { recursive: true });
    const moduleRef = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
    log(`[temporal-cli] building ${moduleRef} with ${goPath} (the first build takes several minutes)`);
    const startedAt = Date.now();
    const child = spawn(goPath, ['install', '-v', moduleRef], {
      env: { ...process.env, GOBIN: targetDir, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      // Both to stderr: the CLI entry below prints only the resulting path on stdout.
      stdio: ['ignore', 2, 2],
    });
    const ticker = setInterval(() => {
      log(`[temporal-cli] still building... ${Math.round((Date.now() - startedAt) / 1000)}s`);
    }, 15_000);
    const releaseSignals = killChildOnSignals(child);
    const finish = () => {
      clearInterval(ticker);
      releaseSignals();
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
        `  - install Go ${GO_VERSION_FOR_CLI} or newer (https://go.dev/dl/) so the CLI can be built, or`,
        `  - download the archive for your system from ${RELEASE_PAGE}, unpack it and set TEMPORAL_CLI_PATH to the \`temporal\` binary, or`,
        '  - put a `temporal` binary on PATH (e.g. `brew install temporal`).',
        ...(process.platform === 'win32' ? [WINDOWS_ADVICE] : []),
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

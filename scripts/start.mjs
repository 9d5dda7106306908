#!/usr/bin/env node
// @ts-check
/**
 * `npm start` (production) and `npm run dev` (`--dev`, hot reload): install what is missing, build,
 * then hand over to the supervisor (scripts/stack.ts) which runs Temporal (when local), the worker
 * and the web app in the foreground until Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureTemporalCli } from './lib/temporal-cli.mjs';
import { isPortOpen, npmCommand, repoRoot, run, temporalTarget } from './lib/run.mjs';

const dev = process.argv.includes('--dev');
const forceBuild = process.argv.includes('--build');

/** What the production build is made from: any change here means the build is stale. */
const BUILD_INPUTS = ['app', 'components', 'browser', 'common', 'contract', 'server', 'temporal', 'worker', 'public', 'proxy.ts', 'instrumentation.ts', 'instrumentation-node.ts', 'next.config.js', 'tsconfig.json', 'package-lock.json', 'postcss.config.mjs', 'scripts/bundle-workflows.ts'];

/**
 * @param {string} entry
 * @returns {number}
 */
function newestModification(entry) {
  const full = path.join(repoRoot, entry);
  if (!existsSync(full)) return 0;
  const stats = statSync(full);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

/** @param {string} distDir */
function buildIsCurrent(distDir) {
  const buildId = path.join(repoRoot, distDir, 'BUILD_ID');
  const bundle = path.join(repoRoot, 'dist', 'workflow-bundle.js');
  if (!existsSync(buildId) || !existsSync(bundle)) return false;
  const builtAt = Math.min(statSync(buildId).mtimeMs, statSync(bundle).mtimeMs);
  return BUILD_INPUTS.every((entry) => newestModification(entry) <= builtAt);
}

async function main() {
  const startedAt = Date.now();
  ensureDeps();

  const target = temporalTarget();
  const env = { ...process.env };
  if (target.isLocal && !(await isPortOpen(target.port))) {
    // Only a local dev server needs the CLI; a remote cluster does not.
    env.TEMPORAL_CLI_PATH = await ensureTemporalCli();
  }

  if (!dev) {
    const distDir = process.env.NEXT_DIST_DIR || '.next';
    if (!forceBuild && buildIsCurrent(distDir)) {
      console.log(`[start] the production build in ${distDir}/ is up to date (npm start -- --build forces one)`);
    } else {
      console.log(
        `[start] building the app (next build + workflow bundle): ${existsSync(path.join(repoRoot, distDir, 'BUILD_ID')) ? 'sources changed since the last build' : 'the first build'}` +
          ' takes 3 to 5 minutes on a 2-core machine; later starts skip it while nothing changed and are ready in about 15 to 25 s',
      );
      const code = await run(npmCommand(), ['run', 'build']);
      if (code !== 0) {
        console.error(`[start] the build failed (exit code ${code}); nothing was started`);
        process.exit(code);
      }
    }
  }

  // `node --import tsx`, one process: the tsx CLI would stand between us and the supervisor and, on a busy
  // machine, SIGKILL it when it does not acknowledge a relayed SIGTERM within 30 ms, orphaning Temporal.
  const stackArgs = ['--import', 'tsx', path.join('scripts', 'stack.ts'), ...(dev ? ['--dev'] : [])];
  // So the banner's "Ready in" counts from `npm start`, installs and build included.
  env.NPM_START_STARTED_AT = String(startedAt);
  const supervisor = spawn(process.execPath, stackArgs, { cwd: repoRoot, env, stdio: 'inherit' });
  // Ctrl-C reaches the supervisor directly (same process group) and it stops everything in order;
  // here we only wait for it. A SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => supervisor.kill('SIGTERM'));
  process.on('SIGHUP', () => supervisor.kill('SIGTERM'));
  // npm (11) dies on SIGTERM without passing it on, which would leave this whole stack running:
  // when the npm process that launched us goes away, stop as if we had been told to.
  watchLauncher(() => supervisor.kill('SIGTERM'));
  supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** @param {number} pid */
function parentOf(pid) {
  const result = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
  const parent = Number(result.stdout?.trim());
  return Number.isInteger(parent) && parent > 1 ? parent : undefined;
}

/** Under `npm start`: the shell npm runs us with, and npm itself. Started directly: nothing to watch. */
function launcherPids() {
  if (!process.env.npm_lifecycle_event) return [];
  /** @type {number[]} */
  const pids = [];
  /** @type {number | undefined} */
  let pid = process.ppid;
  for (let level = 0; pid !== undefined && level < 2; level++) {
    pids.push(pid);
    pid = parentOf(pid);
  }
  return pids;
}

/** @param {() => void} onGone */
function watchLauncher(onGone) {
  const pids = launcherPids();
  /** @param {number} pid */
  const isAlive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return /** @type {NodeJS.ErrnoException} */ (error).code !== 'ESRCH';
    }
  };
  if (pids.length === 0) return;
  const timer = setInterval(() => {
    if (pids.every(isAlive)) return;
    clearInterval(timer);
    console.log('[start] npm start was stopped; stopping everything');
    onGone();
  }, 1000);
  timer.unref();
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: installs what is missing (npm deps, the Temporal CLI, a Chromium), then runs lint,
 * typecheck, unit, workflow, the e2e build and the e2e tests, the chaos and bench checks and the cluster
 * stage in that order, stopping at the first failure, and ends with a one-line summary ("npm test: N
 * passed, N failed"). The Temporal server the cluster stage needs is built (when not cached) in the
 * background from the start, alongside the first stages: from scratch it is the longest step.
 * `npm test -- --from build` starts at a later stage (lint, typecheck, unit, workflow, build, e2e, chaos,
 * bench (tiny), cluster).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureTemporalCli } from './lib/temporal-cli.mjs';
import { formatDuration, npmCommand, repoRoot, run, runCaptured } from './lib/run.mjs';
import { ensureTemporalServer, findTemporalServer } from './lib/temporal-server.mjs';

const E2E_DIST_DIR = '.next-e2e';
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

/** @param {string} file */
function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} name */
function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** A system Chromium when there is one; else apt (as root); else Playwright's own download. */
async function ensureChromium() {
  if (process.env.CHROMIUM_PATH && executable(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const found = SYSTEM_CHROMIUMS.find(executable);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && commandExists('apt-get')) {
    console.log('[test] no Chromium found: installing it with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if ((await run('apt-get', ['update'], { env })) === 0 && (await run('apt-get', ['install', '-y', 'chromium'], { env })) === 0) {
      const installed = SYSTEM_CHROMIUMS.find(executable);
      if (installed) return installed;
    }
    console.log('[test] apt-get could not install chromium; trying Playwright\'s download');
  }
  console.log('[test] installing Playwright\'s Chromium');
  if ((await run(npmCommand(), ['exec', '--', 'playwright', 'install', 'chromium'])) !== 0) {
    throw new Error('no Chromium: install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH to its binary');
  }
  // Empty: playwright.config.ts falls back to Playwright's own browser.
  return '';
}

/**
 * Starts building the Temporal server and its SQL tool when they are not cached, without waiting for it:
 * the compiler's output goes to .data/temporal-server-build.log, a progress line every 30 s to the console.
 * The cluster stage awaits the result.
 */
function startTemporalServerBuild() {
  if (findTemporalServer()) return ensureTemporalServer();
  const logDir = path.join(repoRoot, '.data');
  mkdirSync(logDir, { recursive: true });
  const build = ensureTemporalServer({ log: (line) => console.log(line), buildLog: path.join(logDir, 'temporal-server-build.log') });
  // Awaited by the cluster stage; a failure before then must not crash the run as an unhandled rejection.
  build.catch(() => undefined);
  return build;
}

async function main() {
  const startedAt = Date.now();
  ensureDeps();
  // First: on a fresh machine it is the longest job, and it needs no other.
  const temporalServer = startTemporalServerBuild();
  /** @type {Record<string, string | undefined>} */
  const env = { ...process.env, TEMPORAL_CLI_PATH: await ensureTemporalCli() };
  const chromium = await ensureChromium();
  if (chromium) env.CHROMIUM_PATH = chromium;

  const npm = npmCommand();
  /**
   * `before` runs right before the stage and adds to its environment (or fails it by throwing).
   * @type {{ name: string, args: string[], env?: Record<string, string>, before?: () => Promise<Record<string, string>> }[]}
   */
  const steps = [
    { name: 'lint', args: ['run', 'lint'] },
    { name: 'typecheck', args: ['run', 'typecheck'] },
    { name: 'unit', args: ['run', 'test:unit'] },
    { name: 'workflow', args: ['run', 'test:workflow'] },
    { name: 'build', args: ['run', 'build'], env: { NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_BUILD_SKIP_TYPECHECK: '1' } },
    { name: 'e2e', args: ['run', 'test:e2e'], env: { NEXT_DIST_DIR: E2E_DIST_DIR, E2E_PREBUILT: '1' } },
    // 30 onboardings through a worker kill, a kill timed after deliveries and a Temporal restart, half the faults after the
    // work; exits non-zero on any stuck, lost, duplicated or unattributed delivery, or a service with no replay.
    { name: 'chaos', args: ['run', 'chaos', '--', '--short', '--dist-dir', E2E_DIST_DIR] },
    // A few onboardings through every measurement, to keep `npm run bench` working; timing goals are not checked here.
    { name: 'bench (tiny)', args: ['run', 'bench', '--', '--tiny', '--dist-dir', E2E_DIST_DIR] },
    // The production topology (Temporal 1.29.1 on PostgreSQL): 20 onboardings through a worker kill and a
    // PostgreSQL restart; exits non-zero on any stuck, lost or duplicate.
    {
      name: 'cluster',
      args: ['run', 'chaos', '--', '--short', '--cluster', '--dist-dir', E2E_DIST_DIR],
      before: async () => {
        const binaries = await temporalServer;
        return { TEMPORAL_SERVER_PATH: binaries.server, TEMPORAL_SQL_TOOL_PATH: binaries.sql };
      },
    },
  ];
  const fromIndex = process.argv.indexOf('--from');
  if (fromIndex !== -1) {
    const first = steps.findIndex((step) => step.name === process.argv[fromIndex + 1]);
    if (first === -1) throw new Error(`--from takes one of: ${steps.map((step) => step.name).join(', ')}`);
    steps.splice(0, first);
  }
  const results = [];
  let next = 0;
  while (next < steps.length) {
    // Lint and typecheck are each single-threaded: on two cores they run side by side, output printed per stage.
    const current = steps[next];
    if (!current) break;
    const batch = current.name === 'lint' && steps[next + 1]?.name === 'typecheck' ? steps.slice(next, next + 2) : [current];
    next += batch.length;
    const outcomes = await Promise.all(
      batch.map(async (step) => {
        const stepStartedAt = Date.now();
        let stepEnv = step.env;
        if (step.before) {
          try {
            stepEnv = { ...stepEnv, ...(await step.before()) };
          } catch (error) {
            console.log(`\n[test] ── ${step.name} ──\n[test] ${error instanceof Error ? error.message : String(error)}`);
            return { name: step.name, ok: false, took: Date.now() - stepStartedAt };
          }
        }
        const options = { env: { ...env, ...stepEnv } };
        if (batch.length === 1) {
          console.log(`\n[test] ── ${step.name} ──`);
          return { name: step.name, ok: (await run(npm, step.args, options)) === 0, took: Date.now() - stepStartedAt };
        }
        const { code, output } = await runCaptured(npm, step.args, options);
        console.log(`\n[test] ── ${step.name} ──\n${output.trimEnd()}`);
        return { name: step.name, ok: code === 0, took: Date.now() - stepStartedAt };
      }),
    );
    results.push(...outcomes);
    if (outcomes.some((outcome) => !outcome.ok)) break;
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const notRun = steps.slice(results.length).map((s) => s.name);
  console.log('\n[test] summary');
  for (const result of results) console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${formatDuration(result.took)})`);
  for (const name of notRun) console.log(`  --   ${name} (not run)`);
  console.log(`npm test: ${passed} passed, ${failed} failed${notRun.length ? `, ${notRun.length} not run` : ''} in ${formatDuration(Date.now() - startedAt)}`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  console.log('npm test: 0 passed, 1 failed (setup)');
  process.exit(1);
});

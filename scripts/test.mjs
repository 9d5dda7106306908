#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: installs what is missing (npm deps, the Temporal CLI, a Chromium, the second Node), then runs
 * lint + typecheck, unit, unit again under the other supported Node (24 or 20), workflow, the e2e build
 * (beside workflow under the other Node), the e2e tests, the chaos and bench checks and the cluster stage
 * in that order, stopping after the first failing group, and ends with a one-line summary ("npm test: N
 * passed, N failed"). The Temporal server the cluster stage needs is built (when not cached) in the
 * background from the start, alongside the first stages: from scratch it is the longest step.
 * `npm test -- --from build` starts at a later stage's group.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureOtherNode } from './lib/other-node.mjs';
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
  const otherNode = ensureOtherNode();
  const otherLabel = `node ${otherNode.major}`;

  const npm = npmCommand();
  const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  /**
   * A vitest project run by the other Node, which also comes first on PATH for anything the tests spawn.
   * @param {string} project
   * @returns {{ skip: string } | { command: string, args: string[], env: Record<string, string> }}
   */
  const underOtherNode = (project) =>
    otherNode.skip
      ? { skip: otherNode.skip }
      : {
          command: /** @type {string} */ (otherNode.nodePath),
          args: [vitest, 'run', '--project', project],
          env: { PATH: `${otherNode.binDir}${path.delimiter}${env.PATH ?? ''}` },
        };
  // Stages in one inner list run side by side (output printed per stage when they end): on two cores this
  // pairs a single-threaded or mostly-waiting stage with another. Timings: docs/operations.md "npm test".
  /**
   * `before` runs right before the stage and adds to its environment (or fails it by throwing).
   * @typedef {{ name: string, args?: string[], command?: string, env?: Record<string, string>, skip?: string, before?: () => Promise<Record<string, string>> }} Step
   */
  /** @type {Step[][]} */
  const groups = [
    // Lint and typecheck are each single-threaded.
    [
      { name: 'lint', args: ['run', 'lint'] },
      { name: 'typecheck', args: ['run', 'typecheck'] },
    ],
    [{ name: 'unit', args: ['run', 'test:unit'] }],
    // Alone: the unit tests are CPU-bound (bcrypt at cost 12, 1000-case fuzzing), and beside the build
    // on a busy 2-core machine one of them ran past its 30 s timeout.
    [{ name: `unit (${otherLabel})`, ...underOtherNode('unit') }],
    [{ name: 'workflow', args: ['run', 'test:workflow'] }],
    // The second runtime's workflow run waits on timers and the Temporal server more than it computes,
    // so it shares the build's time.
    [
      { name: 'build', args: ['run', 'build'], env: { NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_BUILD_SKIP_TYPECHECK: '1' } },
      { name: `workflow (${otherLabel})`, ...underOtherNode('workflow') },
    ],
    [{ name: 'e2e', args: ['run', 'test:e2e'], env: { NEXT_DIST_DIR: E2E_DIST_DIR, E2E_PREBUILT: '1' } }],
    // 30 onboardings through a worker kill, a kill timed after deliveries and a Temporal restart, half the faults after the
    // work; exits non-zero on any stuck, lost, duplicated or unattributed delivery, or a service with no replay.
    [{ name: 'chaos', args: ['run', 'chaos', '--', '--short', '--dist-dir', E2E_DIST_DIR] }],
    // A few onboardings through every measurement, to keep `npm run bench` working; timing goals are not checked here.
    [{ name: 'bench (tiny)', args: ['run', 'bench', '--', '--tiny', '--dist-dir', E2E_DIST_DIR] }],
    // The production topology (Temporal 1.29.1 on PostgreSQL): 20 onboardings through a worker kill and a
    // PostgreSQL restart; exits non-zero on any stuck, lost or duplicate.
    [
      {
        name: 'cluster',
        args: ['run', 'chaos', '--', '--short', '--cluster', '--dist-dir', E2E_DIST_DIR],
        before: async () => {
          const binaries = await temporalServer;
          return { TEMPORAL_SERVER_PATH: binaries.server, TEMPORAL_SQL_TOOL_PATH: binaries.sql };
        },
      },
    ],
  ];
  const fromIndex = process.argv.indexOf('--from');
  if (fromIndex !== -1) {
    const wanted = process.argv[fromIndex + 1];
    const first = groups.findIndex((group) => group.some((step) => step.name === wanted));
    if (first === -1) throw new Error(`--from takes one of: ${groups.flat().map((step) => step.name).join(', ')}`);
    groups.splice(0, first);
  }

  /** @typedef {{ name: string, ok?: boolean, skipped?: string, took: number }} Outcome */
  /**
   * @param {Step} step
   * @param {boolean} captured
   * @returns {Promise<Outcome>}
   */
  const runStep = async (step, captured) => {
    const stepStartedAt = Date.now();
    if (step.skip) return { name: step.name, skipped: step.skip, took: 0 };
    const command = step.command ?? npm;
    const args = step.args ?? [];
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
    if (!captured) {
      console.log(`\n[test] ── ${step.name} ──`);
      return { name: step.name, ok: (await run(command, args, options)) === 0, took: Date.now() - stepStartedAt };
    }
    const { code, output } = await runCaptured(command, args, options);
    console.log(`\n[test] ── ${step.name} ──\n${output.trimEnd()}`);
    return { name: step.name, ok: code === 0, took: Date.now() - stepStartedAt };
  };

  /** @type {Outcome[]} */
  const results = [];
  for (const group of groups) {
    const captured = group.length > 1;
    if (captured) console.log(`\n[test] running side by side: ${group.map((step) => step.name).join(', ')}`);
    const outcomes = await Promise.all(group.map((step) => runStep(step, captured)));
    results.push(...outcomes);
    if (outcomes.some((outcome) => outcome.ok === false)) break;
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => r.ok === false).length;
  const skipped = results.filter((r) => r.skipped);
  const ran = new Set(results.map((r) => r.name));
  const notRun = groups.flat().map((s) => s.name).filter((name) => !ran.has(name));
  console.log('\n[test] summary');
  for (const result of results) {
    if (result.skipped) console.log(`  skip ${result.name}: ${result.skipped}`);
    else console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${formatDuration(result.took)})`);
  }
  for (const name of notRun) console.log(`  --   ${name} (not run)`);
  if (!otherNode.skip) console.log(`  (${otherLabel} is ${otherNode.version} from ${otherNode.nodePath}; the other stages ran on ${process.version})`);
  console.log(
    `npm test: ${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}${notRun.length ? `, ${notRun.length} not run` : ''} in ${formatDuration(Date.now() - startedAt)}`,
  );
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  console.log('npm test: 0 passed, 1 failed (setup)');
  process.exit(1);
});

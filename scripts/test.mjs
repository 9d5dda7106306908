#!/usr/bin/env node
/**
 * `npm test`: installs what is missing (npm deps, the Temporal CLI, a Chromium, the second Node), then runs
 * lint + typecheck, unit, unit again under the other supported Node (24 or 20), workflow, the e2e build
 * (beside workflow under the other Node), the e2e tests, chaos and bench (tiny) in that order, stopping
 * after the first failing group, and ends with a one-line summary ("npm test: N passed, N failed").
 * `npm test -- --from build` starts at a later stage's group.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureOtherNode } from './lib/other-node.mjs';
import { ensureTemporalCli } from './lib/temporal-cli.mjs';
import { formatDuration, npmCommand, repoRoot, run, runCaptured } from './lib/run.mjs';

const E2E_DIST_DIR = '.next-e2e';
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

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

async function main() {
  const startedAt = Date.now();
  ensureDeps();
  const env = { ...process.env, TEMPORAL_CLI_PATH: await ensureTemporalCli() };
  const chromium = await ensureChromium();
  if (chromium) env.CHROMIUM_PATH = chromium;
  const otherNode = ensureOtherNode();
  const otherLabel = `node ${otherNode.major}`;

  const npm = npmCommand();
  const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  /** A vitest project run by the other Node, which also comes first on PATH for anything the tests spawn. */
  const underOtherNode = (project) =>
    otherNode.skip
      ? { skip: otherNode.skip }
      : {
          command: otherNode.nodePath,
          args: [vitest, 'run', '--project', project],
          env: { PATH: `${otherNode.binDir}${path.delimiter}${env.PATH ?? ''}` },
        };
  // Stages in one inner list run side by side (output printed per stage when they end): on two cores this
  // pairs a single-threaded or mostly-waiting stage with another. Timings: docs/operations.md "npm test".
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
    // 30 onboardings through a worker kill and a Temporal restart; exits non-zero on any stuck, lost or duplicate.
    [{ name: 'chaos', args: ['run', 'chaos', '--', '--short', '--dist-dir', E2E_DIST_DIR] }],
    // A few onboardings through every measurement, to keep `npm run bench` working; timing goals are not checked here.
    [{ name: 'bench (tiny)', args: ['run', 'bench', '--', '--tiny', '--dist-dir', E2E_DIST_DIR] }],
  ];
  const fromIndex = process.argv.indexOf('--from');
  if (fromIndex !== -1) {
    const wanted = process.argv[fromIndex + 1];
    const first = groups.findIndex((group) => group.some((step) => step.name === wanted));
    if (first === -1) throw new Error(`--from takes one of: ${groups.flat().map((step) => step.name).join(', ')}`);
    groups.splice(0, first);
  }

  const runStep = async (step, captured) => {
    const stepStartedAt = Date.now();
    if (step.skip) return { name: step.name, skipped: step.skip, took: 0 };
    const command = step.command ?? npm;
    const options = { env: { ...env, ...step.env } };
    if (!captured) {
      console.log(`\n[test] ── ${step.name} ──`);
      return { name: step.name, ok: (await run(command, step.args, options)) === 0, took: Date.now() - stepStartedAt };
    }
    const { code, output } = await runCaptured(command, step.args, options);
    console.log(`\n[test] ── ${step.name} ──\n${output.trimEnd()}`);
    return { name: step.name, ok: code === 0, took: Date.now() - stepStartedAt };
  };

  const results = [];
  let stopped = false;
  for (const group of groups) {
    if (stopped) break;
    const captured = group.length > 1;
    if (captured) console.log(`\n[test] running side by side: ${group.map((step) => step.name).join(', ')}`);
    // A step with `after` starts when that step of its group has ended (and only if it passed).
    const running = new Map();
    for (const step of group) {
      const before = step.after ? running.get(step.after) : undefined;
      running.set(
        step.name,
        before
          ? before.then((outcome) => (outcome.ok || outcome.skipped ? runStep(step, captured) : { name: step.name, notRun: true, took: 0 }))
          : runStep(step, captured),
      );
    }
    const outcomes = await Promise.all(running.values());
    results.push(...outcomes);
    stopped = outcomes.some((outcome) => outcome.ok === false);
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => r.ok === false).length;
  const skipped = results.filter((r) => r.skipped);
  const ran = new Set(results.filter((r) => !r.notRun).map((r) => r.name));
  const notRun = groups.flat().map((s) => s.name).filter((name) => !ran.has(name));
  console.log('\n[test] summary');
  for (const result of results) {
    if (result.notRun) continue;
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

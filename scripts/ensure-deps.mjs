#!/usr/bin/env node
// @ts-check
/**
 * Installs npm dependencies when they are missing or older than package-lock.json.
 * Plain Node with no imports outside the standard library: it must run before `npm install` ever has.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} file */
function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * npm writes node_modules/.package-lock.json on every install, so its age is the age of the install
 * (the node_modules folder's own mtime only changes when a top-level entry is added or removed).
 */
/** @param {string} [root] */
export function dependenciesAreCurrent(root = repoRoot) {
  const installedAt = modifiedAt(path.join(root, 'node_modules', '.package-lock.json'));
  if (installedAt === undefined) return false;
  const lockAt = modifiedAt(path.join(root, 'package-lock.json')) ?? modifiedAt(path.join(root, 'package.json'));
  return lockAt === undefined || installedAt >= lockAt;
}

/**
 * Runs `npm ci` (or `npm install` without a lock file) when needed; throws if npm fails.
 * @param {{ root?: string, log?: (line: string) => void }} [options]
 */
export function ensureDeps({ root = repoRoot, log = (line) => console.log(line) } = {}) {
  if (dependenciesAreCurrent(root)) return false;
  const hasLock = existsSync(path.join(root, 'package-lock.json'));
  const args = hasLock ? ['ci'] : ['install'];
  log(`[setup] npm dependencies are missing or out of date: running npm ${args.join(' ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run npm: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit code ${result.status})`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureDeps();
  } catch (error) {
    console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

// @ts-check
/**
 * Small process helpers shared by the command scripts (plain Node, no dependencies).
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {{ env?: Record<string, string | undefined>, cwd?: string }} RunOptions
 */

/**
 * Runs a command with inherited output; resolves with its exit code (signals count as failure).
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<number>}
 */
export function run(command, args, { env = process.env, cwd = repoRoot } = {}) {
  return new Promise((resolve) => {
    // The cast: Next's types make NODE_ENV a required variable, which a child's environment need not set.
    const child = spawn(command, args, { cwd, env: /** @type {NodeJS.ProcessEnv} */ (env), stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Like run(), but collects stdout and stderr (interleaved) instead of printing them.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function runCaptured(command, args, { env = process.env, cwd = repoRoot } = {}) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const child = spawn(command, args, { cwd, env: /** @type {NodeJS.ProcessEnv} */ (env), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    child.on('error', (error) => resolve({ code: 127, output: `could not run ${command}: ${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') }));
  });
}

export function npmCommand() {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** The tsx CLI from node_modules, run with this Node (no shell, no npx lookup). */
export function tsxCli() {
  return path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
}

/**
 * True when something accepts TCP connections on host:port.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isPortOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    /** @param {boolean} open */
    const finish = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** host, port and whether the stack would run a dev server for TEMPORAL_ADDRESS. */
export function temporalTarget(address = process.env.TEMPORAL_ADDRESS || 'localhost:7233') {
  const match = /^([^\s:/]+):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`TEMPORAL_ADDRESS: must be host:port, like localhost:7233 (got "${address}")`);
  const host = match[1] ?? '';
  const port = Number(match[2]);
  return { address, host, port, isLocal: LOOPBACK_HOSTS.has(host) };
}

/** @param {number} ms */
export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

// ----- npm 11 dies on SIGTERM without passing it on (scripts/start.mjs, scripts/cluster.mjs) -----

/** @param {number} pid */
function parentOf(pid) {
  const result = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
  const parent = Number(result.stdout?.trim());
  return Number.isInteger(parent) && parent > 1 ? parent : undefined;
}

/** Under `npm start`/`npm run cluster`: the shell npm runs us with, and npm itself. Started directly: nothing to watch. */
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

/**
 * Calls `onGone` once the npm process that launched this script is gone (a SIGTERM to npm kills only npm).
 * @param {() => void} onGone
 */
export function watchLauncher(onGone) {
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
    console.log(`[${process.env.npm_lifecycle_event}] npm was stopped; stopping everything`);
    onGone();
  }, 1000);
  timer.unref();
}

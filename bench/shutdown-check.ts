/**
 * `npx tsx bench/shutdown-check.ts`: checks that SIGTERM to `npm start` stops everything it started
 * (Temporal dev server, worker, web app and their children) without leaving an orphan, and that data
 * survives: an onboarding caught mid-step by the stop finishes after the next `npm start`, delivered once.
 *
 * Runs `npm start` on its own ports (web 3710, Temporal 7710, UI 8710) with a temporary DATA_DIR and the
 * chaos build folder (NEXT_DIST_DIR=.next-chaos; `npm start` rebuilds it when stale, as it would for anyone).
 * Writes bench/results/chaos-shutdown-latest.json.
 * Exit code 0 when no process outlived the stop and the onboarding completed with one delivery per service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/stack';
import { ApiClient, makeHire } from './lib/api-client';
import { auditDeliveries } from './lib/deliveries';
import { sandboxStateSchema } from '../contract/http';
import { sleep, waitFor } from './lib/time';

const WEB_PORT = 3710;
const TEMPORAL_PORT = 7710;
const DIST_DIR = '.next-chaos';
const log = (line: string) => console.log(`[shutdown-check] ${line}`);

interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      table.push({ pid: Number(entry), ppid: Number(fields[1]), command });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

function descendantsOf(root: number): ProcessInfo[] {
  const table = processTable();
  const found: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const info of table) {
      if (info.ppid === parent) {
        found.push(info);
        queue.push(info.pid);
      }
    }
  }
  return found;
}

function isAlive(info: ProcessInfo): boolean {
  try {
    const command = readFileSync(`/proc/${info.pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    // A recycled PID runs something else; only the same command counts as the same process.
    return command === info.command;
  } catch {
    return false;
  }
}

function startNpm(dataDir: string, logFile: string): ChildProcess {
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(WEB_PORT),
      TEMPORAL_ADDRESS: `localhost:${TEMPORAL_PORT}`,
      DATA_DIR: dataDir,
      NEXT_DIST_DIR: DIST_DIR,
      ONBOARDING_RETRY_INITIAL_INTERVAL: '200ms',
      ONBOARDING_RETRY_MAXIMUM_INTERVAL: '2s',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

async function waitHealthy(api: ApiClient): Promise<void> {
  await waitFor('the stack to answer /api/health with 200', async () => ((await api.get('/api/health')).status === 200 ? true : undefined), {
    timeoutMs: 900_000,
    intervalMs: 1000,
  });
}

/** How long the stack may take to stop after npm is gone: workers drain (10 s grace), then Temporal stops. */
const TEARDOWN_LIMIT_MS = 30_000;

async function stopWithSigterm(
  child: ChildProcess,
): Promise<{ exitMs: number; allGoneMs: number | null; code: number | null; orphans: ProcessInfo[]; stopped: number }> {
  const tree = descendantsOf(child.pid ?? -1);
  const asked = Date.now();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Only the npm process gets the signal, as a process manager (or `kill <pid>`) would send it.
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(60_000).then(() => -1)]);
  const exitMs = Date.now() - asked;
  // The stack stops in order (web and workers drain, then Temporal): wait for that, within a limit.
  while (tree.some(isAlive) && Date.now() - asked < TEARDOWN_LIMIT_MS) await sleep(250);
  const orphans = tree.filter(isAlive);
  return { exitMs, allGoneMs: orphans.length === 0 ? Date.now() - asked : null, code, orphans, stopped: tree.length };
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-check-'));
  const logFile = path.join(dataDir, 'npm-start.log');
  const api = new ApiClient(`http://localhost:${WEB_PORT}`);
  const result: Record<string, unknown> = { command: 'npx tsx bench/shutdown-check.ts', at: new Date().toISOString() };
  let exitCode = 1;
  let npmProcess: ChildProcess | undefined;
  try {
    log(`npm start (web ${WEB_PORT}, Temporal ${TEMPORAL_PORT}, data ${dataDir}; output in ${logFile})`);
    npmProcess = startNpm(dataDir, logFile);
    await waitHealthy(api);

    // Catch an onboarding mid-step: the CRM answers slowly.
    await api.put('/api/sandbox/faults', { service: 'crm', latencyMs: 3000 });
    const hire = makeHire(`shutdown${Date.now().toString(36)}`, 1);
    const started = await api.post('/api/onboardings', hire);
    if (started.status !== 201) throw new Error(`start answered ${started.status}`);
    const id = (started.body as { id: string }).id;
    await waitFor('the CRM step to be in flight', async () => {
      const detail = await api.get(`/api/onboardings/${id}`);
      return (detail.body as { currentStep?: string }).currentStep === 'crm-update' ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });

    log('SIGTERM to npm start while the CRM step is in flight');
    const stop = await stopWithSigterm(npmProcess);
    npmProcess = undefined;
    log(
      `npm exited (code ${stop.code}) after ${stop.exitMs} ms; of the ${stop.stopped} processes under it ` +
        (stop.allGoneMs === null ? `${stop.orphans.length} were still alive after ${TEARDOWN_LIMIT_MS / 1000} s` : `all were gone after ${stop.allGoneMs} ms`),
    );
    for (const orphan of stop.orphans) log(`  orphan ${orphan.pid}: ${orphan.command}`);
    result.firstStop = { exitCode: stop.code, exitMs: stop.exitMs, allGoneMs: stop.allGoneMs, processesUnderNpmStart: stop.stopped, orphans: stop.orphans };

    log('npm start again on the same data folder');
    npmProcess = startNpm(dataDir, logFile);
    await waitHealthy(api);
    await api.put('/api/sandbox/faults', { service: 'crm', latencyMs: 0 });
    const finalStatus = await waitFor('the onboarding to finish after the restart', async () => {
      const detail = await api.get(`/api/onboardings/${id}`);
      const status = (detail.body as { status?: string }).status;
      return status === 'completed' || status === 'needs_attention' ? status : undefined;
    }, { timeoutMs: 120_000, intervalMs: 500 });
    const state = sandboxStateSchema.parse((await api.get('/api/sandbox/state')).body);
    const audit = auditDeliveries(state.deliveries, finalStatus === 'completed' ? [id] : [], (workflowId) => workflowId === id);
    const duplicates = Object.values(audit.services).reduce((sum, s) => sum + s.duplicateSteps, 0);
    log(`after the restart the onboarding is ${finalStatus}; duplicates ${duplicates}; lost ${audit.lost.length}`);

    const secondStop = await stopWithSigterm(npmProcess);
    npmProcess = undefined;
    log(`second stop: all ${secondStop.stopped} processes gone after ${secondStop.allGoneMs ?? 'never'} ms; ${secondStop.orphans.length} orphans`);
    result.secondStop = { exitCode: secondStop.code, exitMs: secondStop.exitMs, allGoneMs: secondStop.allGoneMs, processesUnderNpmStart: secondStop.stopped, orphans: secondStop.orphans };
    result.onboardingAfterRestart = { status: finalStatus, duplicates, lost: audit.lost };

    const ok = stop.orphans.length === 0 && secondStop.orphans.length === 0 && finalStatus === 'completed' && duplicates === 0 && audit.lost.length === 0;
    result.ok = ok;
    exitCode = ok ? 0 : 1;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)} (npm start output in ${logFile})`);
    result.error = error instanceof Error ? error.message : String(error);
    exitCode = 2;
  } finally {
    if (npmProcess?.pid) {
      try {
        process.kill(-npmProcess.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'chaos-shutdown-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

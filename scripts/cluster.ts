/**
 * The foreground supervisor behind `npm run cluster` (scripts/cluster.mjs runs it after installing and
 * building): PostgreSQL and the Temporal server (scripts/lib/cluster.ts), then 2 workers and 2 web
 * instances (scripts/lib/stack.ts), until Ctrl-C or SIGTERM, which stop everything in reverse order.
 * Environment: PORT (web, and PORT+1 for the second instance), TEMPORAL_ADDRESS (a loopback address: this
 * script runs the server there), CLUSTER_POSTGRES_PORT (5433), DATA_DIR, NEXT_DIST_DIR, and the binaries'
 * paths TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH (set by scripts/cluster.mjs).
 */
import path from 'node:path';
import { loadEnvFiles } from '../common/env-files';
import { TemporalCluster } from './lib/cluster';
import { REPO_ROOT, Stack } from './lib/stack';

const WORKERS = 2;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65534) {
    console.error(`[cluster] ${name}=${raw} is not valid: expected a port number from 1 to 65534`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  loadEnvFiles(REPO_ROOT);
  const webPort = port('PORT', process.env.PORT, 3000);
  const temporalAddress = process.env.TEMPORAL_ADDRESS || 'localhost:7233';
  const [temporalHost = '', temporalPortText] = temporalAddress.split(':');
  if (!LOOPBACK_HOSTS.has(temporalHost)) {
    console.error(
      `[cluster] TEMPORAL_ADDRESS=${temporalAddress}: \`npm run cluster\` runs its own Temporal server on this machine, so the address must be localhost:<port>. ` +
        'To use a Temporal cluster that runs elsewhere (or Temporal Cloud), use `npm start` with TEMPORAL_ADDRESS set.',
    );
    process.exit(1);
  }
  const temporalPort = port('TEMPORAL_ADDRESS port', temporalPortText, 7233);
  const postgresPort = port('CLUSTER_POSTGRES_PORT', process.env.CLUSTER_POSTGRES_PORT, 5433);
  const dataDir = path.resolve(REPO_ROOT, process.env.DATA_DIR || '.data');
  const server = process.env.TEMPORAL_SERVER_PATH;
  const sql = process.env.TEMPORAL_SQL_TOOL_PATH;
  if (!server || !sql) {
    console.error('[cluster] TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH are not set: start it with `npm run cluster`');
    process.exit(1);
  }

  let shuttingDown = false;
  const onUnexpectedExit = (name: string, code: number | null, signal: NodeJS.Signals | null, lastOutput: string) => {
    if (shuttingDown) return;
    console.error(`[cluster] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything\n${lastOutput}`);
    void shutdown(1);
  };
  const cluster = new TemporalCluster({ dataDir, temporalPort, postgresPort, binaries: { server, sql }, onUnexpectedExit });
  const common = {
    temporalPort,
    dataDir,
    distDir: process.env.NEXT_DIST_DIR || undefined,
    logToFiles: true,
    onUnexpectedExit,
  };
  const env = { TEMPORAL_ADDRESS: cluster.address };
  // Instance 1 runs the workers too (they reach the simulated services through its APP_URL); instance 2
  // serves the same app on the next port, with the same public APP_URL, as behind a load balancer.
  const first = new Stack({ ...common, webPort, env, workers: WORKERS, restartCrashedWorkers: true });
  const second = new Stack({ ...common, webPort: webPort + 1, env: { ...env, APP_URL: first.appUrl }, workers: 0, webName: 'web-2' });

  const shutdown = async (exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('[cluster] stopping...');
    await Promise.all([first.stop(), second.stop()]);
    await cluster.stop();
    console.log('[cluster] stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  process.on('exit', () => {
    first.killAllNow();
    second.killAllNow();
    cluster.killAllNow();
  });

  try {
    await cluster.start();
    await first.startWorker();
    await Promise.all([first.startWeb(), second.startWeb()]);
  } catch (error) {
    console.error(`[cluster] could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
    return;
  }
  console.log('');
  console.log(`  Dashboard:   http://localhost:${webPort} and http://localhost:${webPort + 1} (two web instances)`);
  console.log(`  Workers:     ${WORKERS} on task queue ${first.taskQueue}`);
  console.log(`  Temporal:    ${cluster.address} (server 1.29.1 on PostgreSQL 127.0.0.1:${postgresPort}; no Web UI, see README)`);
  console.log(`  Data:        ${path.relative(REPO_ROOT, dataDir) || '.'} (PostgreSQL in postgres/, logs in logs/)`);
  console.log('  Press Ctrl-C to stop.');
  console.log('');
}

void main();

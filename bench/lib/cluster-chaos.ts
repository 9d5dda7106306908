/**
 * The production topology's infrastructure for `npm run chaos -- --cluster` (and the cluster stage of
 * `npm test`): PostgreSQL and the Temporal server 1.29.1 (scripts/lib/cluster.ts) instead of the dev server,
 * and the two disruptions only a cluster has: restarting PostgreSQL under a running Temporal server, and
 * restarting that server.
 */
import path from 'node:path';
import { TemporalCluster } from '../../scripts/lib/cluster';
import { REPO_ROOT } from '../../scripts/lib/stack';
import { randomBetween, sleep } from './time';

interface TemporalServerModule {
  ensureTemporalServer: (options: { log: (line: string) => void; buildLog?: string }) => Promise<{ server: string; sql: string }>;
}

/** Builds the binaries when missing, then starts PostgreSQL and Temporal with data in `dataDir`. */
export async function startChaosCluster(options: {
  dataDir: string;
  temporalPort: number;
  postgresPort: number;
  log: (line: string) => void;
}): Promise<TemporalCluster> {
  // An ES module with no TypeScript types; this file may be loaded as CommonJS, hence the dynamic import.
  const modulePath = path.join(REPO_ROOT, 'scripts', 'lib', 'temporal-server.mjs');
  const { ensureTemporalServer } = (await import(modulePath)) as TemporalServerModule;
  const binaries = await ensureTemporalServer({ log: options.log });
  const cluster = new TemporalCluster({
    dataDir: options.dataDir,
    temporalPort: options.temporalPort,
    postgresPort: options.postgresPort,
    binaries,
    log: options.log,
    onUnexpectedExit: (name, code, signal, lastOutput) =>
      options.log(`${name} exited unexpectedly (${signal ?? `code ${code}`}):\n${lastOutput}`),
  });
  try {
    await cluster.start();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** The cluster's disruptions, each recorded in the chaos timeline before and after. */
export function clusterDisruptions(cluster: TemporalCluster, record: (action: string) => void) {
  return {
    async restartPostgres() {
      record('stop PostgreSQL (fast shutdown: open transactions rolled back, connections cut)');
      await cluster.stopPostgres();
      await sleep(randomBetween(2000, 4000));
      await cluster.startPostgres();
      record('PostgreSQL started again (same data folder)');
    },
    async restartTemporal() {
      record('stop the Temporal server (SIGTERM)');
      await cluster.stopTemporal();
      await sleep(randomBetween(2000, 4000));
      await cluster.startTemporal();
      record('Temporal server started again (same PostgreSQL databases)');
    },
  };
}

#!/usr/bin/env node
// @ts-check
/**
 * `npm run cluster`: the production topology on this machine, without Docker. Installs what is missing (npm
 * deps, the Temporal server 1.29.1 and its SQL tool built from their Go module, PostgreSQL through apt as
 * root), builds when the build is stale, then hands over to the supervisor (scripts/cluster.ts): PostgreSQL,
 * the Temporal server on it, 2 workers and 2 web instances (PORT and PORT+1), until Ctrl-C.
 * `npm run cluster -- --build` forces a build.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { buildIsCurrent } from './lib/build.mjs';
import { loadEnvFiles } from './lib/env-files.mjs';
import { npmCommand, repoRoot, run, temporalTarget, tsxCli, watchLauncher } from './lib/run.mjs';
import { ensureTemporalServer } from './lib/temporal-server.mjs';

async function main() {
  ensureDeps();
  loadEnvFiles();
  // Checked again by the supervisor; here so a wrong address fails before a long build.
  const target = temporalTarget();
  if (!['localhost', '127.0.0.1'].includes(target.host)) {
    throw new Error(
      `TEMPORAL_ADDRESS=${target.address}: \`npm run cluster\` runs its own Temporal server on this machine, so the address must be localhost:<port>. ` +
        'To use a Temporal cluster that runs elsewhere (or Temporal Cloud), use `npm start` with TEMPORAL_ADDRESS set.',
    );
  }
  const binaries = await ensureTemporalServer();

  const distDir = process.env.NEXT_DIST_DIR || '.next';
  if (!process.argv.includes('--build') && buildIsCurrent(distDir)) {
    console.log(`[cluster] the production build in ${distDir}/ is up to date (npm run cluster -- --build forces one)`);
  } else {
    console.log('[cluster] building (next build + workflow bundle)...');
    const code = await run(npmCommand(), ['run', 'build']);
    if (code !== 0) {
      console.error(`[cluster] the build failed (exit code ${code}); nothing was started`);
      process.exit(code);
    }
  }

  const env = { ...process.env, TEMPORAL_SERVER_PATH: binaries.server, TEMPORAL_SQL_TOOL_PATH: binaries.sql };
  const supervisor = spawn(process.execPath, [tsxCli(), path.join('scripts', 'cluster.ts')], { cwd: repoRoot, env, stdio: 'inherit' });
  // Ctrl-C reaches the supervisor directly (same process group) and it stops everything in order.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => supervisor.kill('SIGTERM'));
  process.on('SIGHUP', () => supervisor.kill('SIGTERM'));
  // npm (11) dies on SIGTERM without passing it on: when the npm that launched us goes away, stop too.
  watchLauncher(() => supervisor.kill('SIGTERM'));
  supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

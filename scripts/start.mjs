#!/usr/bin/env node
// @ts-check
/**
 * `npm start` (production) and `npm run dev` (`--dev`, hot reload): install what is missing, build,
 * then hand over to the supervisor (scripts/stack.ts) which runs Temporal (when local), the worker
 * and the web app in the foreground until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { buildIsCurrent } from './lib/build.mjs';
import { loadEnvFiles } from './lib/env-files.mjs';
import { ensureTemporalCli } from './lib/temporal-cli.mjs';
import { isPortOpen, npmCommand, repoRoot, run, temporalTarget, watchLauncher } from './lib/run.mjs';

const dev = process.argv.includes('--dev');
const forceBuild = process.argv.includes('--build');

async function main() {
  const startedAt = Date.now();
  ensureDeps();
  // .env files, read the same way the web app and the worker read them; the supervisor's children inherit them.
  loadEnvFiles({ dev });

  const target = temporalTarget();
  const env = { ...process.env };
  if (target.isLocal && !(await isPortOpen(target.port))) {
    // Only a local dev server needs the CLI; a remote cluster does not.
    env.TEMPORAL_CLI_PATH = await ensureTemporalCli();
  }

  if (!dev) {
    const distDir = process.env.NEXT_DIST_DIR || '.next';
    if (!forceBuild && buildIsCurrent(distDir)) {
      console.log(`[start] the production build in ${distDir}/ is up to date (npm start -- --build forces one)`);
    } else {
      console.log(
        `[start] building the app (next build + workflow bundle): ${existsSync(path.join(repoRoot, distDir, 'BUILD_ID')) ? 'sources changed since the last build' : 'the first build'}` +
          ' takes 3 to 5 minutes on a 2-core machine; later starts skip it while nothing changed and are ready in about 15 to 25 s',
      );
      const code = await run(npmCommand(), ['run', 'build']);
      if (code !== 0) {
        console.error(`[start] the build failed (exit code ${code}); nothing was started`);
        process.exit(code);
      }
    }
  }

  // `node --import tsx`, one process: the tsx CLI would stand between us and the supervisor and, on a busy
  // machine, SIGKILL it when it does not acknowledge a relayed SIGTERM within 30 ms, orphaning Temporal.
  const stackArgs = ['--import', 'tsx', path.join('scripts', 'stack.ts'), ...(dev ? ['--dev'] : [])];
  // So the banner's "Ready in" counts from `npm start`, installs and build included.
  env.NPM_START_STARTED_AT = String(startedAt);
  const supervisor = spawn(process.execPath, stackArgs, { cwd: repoRoot, env, stdio: 'inherit' });
  // Ctrl-C reaches the supervisor directly (same process group) and it stops everything in order;
  // here we only wait for it. A SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => supervisor.kill('SIGTERM'));
  process.on('SIGHUP', () => supervisor.kill('SIGTERM'));
  // npm (11) dies on SIGTERM without passing it on, which would leave this whole stack running:
  // when the npm process that launched us goes away, stop as if we had been told to.
  watchLauncher(() => supervisor.kill('SIGTERM'));
  supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

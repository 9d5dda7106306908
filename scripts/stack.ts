/**
 * The foreground supervisor behind `npm start` / `npm run dev` (scripts/start.mjs runs it with tsx after
 * installing and building): Temporal when local, the worker(s) and the web app, until Ctrl-C or SIGTERM.
 * Flags: --dev, --workers N. Environment: PORT, HOST, TEMPORAL_ADDRESS (or a Temporal profile), DATA_DIR, NEXT_DIST_DIR, WORKERS.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseConfig, webExposureProblems } from '../common/config';
import { ConfigError } from '../common/config-error';
import { Stack, type StackOptions } from './lib/stack';

/** Same file as FIRST_ADMIN_FILE in server/auth/users.ts (server-only, not importable here). */
const FIRST_ADMIN_FILE = 'first-admin-password';

/** How to sign in, for the banner: never an e-mail or a password, only where they are. */
function signInLine(dataDir: string): string {
  if (!process.env.AUTH_SECRET) return 'off: an open local demo (set AUTH_SECRET to require sign-in)';
  if (process.env.ADMIN_EMAIL) return 'as ADMIN_EMAIL, with the password you set in ADMIN_PASSWORD';
  const passwordFile = path.resolve(dataDir, FIRST_ADMIN_FILE);
  if (existsSync(passwordFile)) return `the first admin's e-mail and password are in ${passwordFile} (delete it once signed in)`;
  return `an HR admin listed in ${path.resolve(dataDir, 'users.json')}${process.env.OIDC_ISSUER ? ', or single sign-on' : ''}`;
}

function flagValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`[stack] ${name}=${raw} is not valid: expected a whole number from 1 to 65535`);
    process.exit(1);
  }
  return value;
}

/** A bad Temporal setting stops here with its name, before anything starts. */
function newStack(options: StackOptions): Stack {
  try {
    return new Stack(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[stack] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const webPort = positiveInteger('PORT', process.env.PORT, 3000);
  const workers = positiveInteger('--workers', flagValue('--workers') ?? process.env.WORKERS, 1);
  // The web app refuses these itself; saying so now spares waiting for Temporal and the worker first.
  try {
    const problems = webExposureProblems(parseConfig(process.env));
    if (problems.length > 0) throw new ConfigError(problems);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[stack] ${error.message}`);
    process.exit(1);
  }

  // From `npm start` itself when it launched us (installs and build included), else from now.
  const startedAt = Number(process.env.NPM_START_STARTED_AT) || Date.now();
  const dataDir = process.env.DATA_DIR || '.data';
  let shuttingDown = false;
  // The Temporal address comes from TEMPORAL_ADDRESS or a Temporal profile (common/temporal-connection.ts),
  // else the dev server's localhost:7233.
  const stack = newStack({
    webPort,
    temporalPort: 7233,
    dataDir,
    distDir: process.env.NEXT_DIST_DIR || undefined,
    dev,
    workers,
    logToFiles: true,
    restartCrashedWorkers: true,
    onUnexpectedExit: (name, code, signal) => {
      if (shuttingDown) return;
      console.error(`[stack] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything`);
      void shutdown(1);
    },
  });

  const shutdown = async (exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('[stack] stopping...');
    await stack.stop();
    console.log('[stack] stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  process.on('exit', () => stack.killAllNow());

  try {
    await stack.start();
  } catch (error) {
    console.error(`[stack] could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
    return;
  }
  // Last, after the children's start-up lines, so it is what stays on screen.
  console.log('');
  console.log(`  Ready in ${Math.round((Date.now() - startedAt) / 100) / 10} s.`);
  console.log(`  Dashboard:   ${stack.appUrl}`);
  console.log(`  Sign-in:     ${signInLine(dataDir)}`);
  console.log(`  Temporal UI: ${stack.temporalUiUrl}`);
  console.log(`  Data:        ${dataDir} (logs in its logs/ folder)`);
  console.log(`  ${dev ? 'Dev mode: code changes reload. ' : ''}Press Ctrl-C to stop.`);
  console.log('');
}

void main();

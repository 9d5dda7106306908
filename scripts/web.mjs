#!/usr/bin/env node
/**
 * `npm run web` and the Docker image: the production build (`npm run build`) served by `next start` on
 * HOST (default 127.0.0.1, this machine only) and PORT (default 3000). The web app itself refuses a
 * non-loopback HOST while sign-in is off (instrumentation-node.ts), so this only passes the values on.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { repoRoot } from './lib/run.mjs';

const host = process.env.HOST?.trim() || '127.0.0.1';
const port = process.env.PORT?.trim() || '3000';
const nextCli = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextCli, 'start', '-H', host, '-p', port], {
  cwd: repoRoot,
  // The app reads HOST too: it is what the sign-in check looks at.
  env: { ...process.env, HOST: host, PORT: port },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * The plain-Node scripts' way to read `.env` files: the same loader and rules as the web app (Next) and
 * the worker (common/env-files.ts), so every process sees the same values. Call it after ensureDeps():
 * @next/env comes with `next`. A variable already set in the environment wins over every file.
 */
import { createRequire } from 'node:module';
import { repoRoot } from './run.mjs';

export function loadEnvFiles({ dev = false, dir = repoRoot } = {}) {
  const require = createRequire(import.meta.url);
  let loadEnvConfig;
  try {
    ({ loadEnvConfig } = require('@next/env'));
  } catch {
    // Before the first `npm install` (only `npm run temporal` gets here without one): nothing to read with yet.
    return [];
  }
  const quiet = { info: () => undefined, error: (...args) => console.error(...args) };
  return loadEnvConfig(dir, dev, quiet).loadedEnvFiles.map((file) => file.path);
}

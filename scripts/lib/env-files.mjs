// @ts-check
/**
 * The plain-Node scripts' way to read `.env` files: the same loader and rules as the web app (Next) and
 * the worker (common/env-files.ts), so every process sees the same values. Call it after ensureDeps():
 * @next/env comes with `next`. A variable already set in the environment wins over every file.
 */
import { createRequire } from 'node:module';
import { repoRoot } from './run.mjs';

/**
 * Loads the `.env` files of `dir` into process.env and returns the paths read.
 * @param {{ dev?: boolean, dir?: string }} [options]
 * @returns {string[]}
 */
export function loadEnvFiles({ dev = false, dir = repoRoot } = {}) {
  /** @type {(id: '@next/env') => typeof import('@next/env')} */
  const requireNextEnv = createRequire(import.meta.url);
  /** @type {typeof import('@next/env')} */
  let nextEnv;
  try {
    nextEnv = requireNextEnv('@next/env');
  } catch {
    // Before the first `npm install` (only `npm run temporal` gets here without one): nothing to read with yet.
    return [];
  }
  const quiet = { info: () => undefined, error: (/** @type {unknown[]} */ ...args) => console.error(...args) };
  return nextEnv.loadEnvConfig(dir, dev, quiet).loadedEnvFiles.map((file) => file.path);
}

/**
 * `.env` files for the Node processes Next does not start: the worker and the scripts. They are read with
 * Next's own loader (@next/env), so every process sees the same values the web app does: `.env`,
 * `.env.local`, `.env.<mode>` and `.env.<mode>.local` (mode: development under `--dev`, test under
 * vitest, else production; `.env.local` is skipped in test mode), `$VAR` expansion included. A variable
 * already set in the environment wins over every file. The list of variables is `.env.example`.
 */
import { loadEnvConfig } from '@next/env';

/** Loads the files in `dir` into process.env (once per process) and returns the paths read. */
export function loadEnvFiles(dir = process.cwd(), dev = process.argv.includes('--dev')): string[] {
  const quiet = { info: () => undefined, error: (...args: unknown[]) => console.error(...args) };
  return loadEnvConfig(dir, dev, quiet).loadedEnvFiles.map((file) => file.path);
}

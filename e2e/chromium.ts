import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests and the benchmark drive: a system one when present (Playwright's own
 * download is not always possible), else Playwright's (undefined path).
 */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate): candidate is string => Boolean(candidate) && existsSync(candidate ?? ''),
);

/** Headless as root on a machine with no outside network: without these, Chromium retries blocked calls. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

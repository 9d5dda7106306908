// @ts-check
/**
 * Whether the production build (`npm run build`: Next into NEXT_DIST_DIR, the workflow bundle into dist/)
 * is newer than everything it is made from. Shared by `npm start` and `npm run cluster`. Plain Node.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './run.mjs';

/** What the production build is made from: any change here means the build is stale. */
export const BUILD_INPUTS = [
  'app',
  'browser',
  'common',
  'components',
  'contract',
  'server',
  'temporal',
  'worker',
  'public',
  'instrumentation.ts',
  'instrumentation-node.ts',
  'proxy.ts',
  'next.config.js',
  'tsconfig.json',
  'package-lock.json',
  'postcss.config.mjs',
  'scripts/bundle-workflows.ts',
];

/**
 * @param {string} entry
 * @returns {number}
 */
function newestModification(entry) {
  const full = path.join(repoRoot, entry);
  if (!existsSync(full)) return 0;
  const stats = statSync(full);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

/** @param {string} distDir */
export function buildIsCurrent(distDir) {
  const buildId = path.join(repoRoot, distDir, 'BUILD_ID');
  const bundle = path.join(repoRoot, 'dist', 'workflow-bundle.js');
  if (!existsSync(buildId) || !existsSync(bundle)) return false;
  const builtAt = Math.min(statSync(buildId).mtimeMs, statSync(bundle).mtimeMs);
  return BUILD_INPUTS.every((entry) => newestModification(entry) <= builtAt);
}

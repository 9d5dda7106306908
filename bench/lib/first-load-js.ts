/**
 * First-load JavaScript of each page, from the Next build output: Turbopack builds write
 * `<distDir>/diagnostics/route-bundle-stats.json` with the chunks each route loads first; we gzip each
 * chunk (what `next start` sends with its default compression) and add them up.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RouteFirstLoad {
  route: string;
  chunks: number;
  /** Kilobytes of 1,000 bytes, as Next's own build output counts them. */
  rawKB: number;
  gzipKB: number;
}

interface RouteBundleStat {
  route: string;
  firstLoadChunkPaths: string[];
}

function isRouteBundleStats(value: unknown): value is RouteBundleStat[] {
  return (
    Array.isArray(value) &&
    value.every(
      (row: unknown) =>
        typeof row === 'object' &&
        row !== null &&
        typeof (row as RouteBundleStat).route === 'string' &&
        Array.isArray((row as RouteBundleStat).firstLoadChunkPaths),
    )
  );
}

const kB = (bytes: number) => Math.round(bytes / 100) / 10;

/** Routes sorted by path; undefined when the build left no stats (a webpack build, or no build). */
export function firstLoadJs(root: string, distDir: string): RouteFirstLoad[] | undefined {
  const statsFile = path.join(root, distDir, 'diagnostics', 'route-bundle-stats.json');
  if (!existsSync(statsFile)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(statsFile, 'utf8'));
  if (!isRouteBundleStats(parsed)) return undefined;
  const gzipped = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (chunk: string) => {
    let size = gzipped.get(chunk);
    if (!size) {
      const file = path.resolve(root, chunk);
      const content = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
      size = { raw: content.length, gzip: content.length === 0 ? 0 : gzipSync(content).length };
      gzipped.set(chunk, size);
    }
    return size;
  };
  return parsed
    .map((row) => {
      const sizes = row.firstLoadChunkPaths.map(sizeOf);
      return {
        route: row.route,
        chunks: sizes.length,
        rawKB: kB(sizes.reduce((sum, s) => sum + s.raw, 0)),
        gzipKB: kB(sizes.reduce((sum, s) => sum + s.gzip, 0)),
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

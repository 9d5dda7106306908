/**
 * Where to go after signing in: only a path on this site. Browsers forgive a lot in URLs (tabs and
 * newlines are dropped, `\` reads as `/`), so `/<TAB>/evil.example` or `/\evil.example` would land on
 * another site: the value must be a plain path before parsing and still one after.
 */
const BASE = 'http://callback.invalid';

export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) return '/';
  // One leading "/", then no second "/" or "\" right after it, and no control characters or backslashes anywhere.
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can still collapse into "//host" ("/.//evil.example"): check what the browser would see.
  if (url.origin !== BASE || !path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}

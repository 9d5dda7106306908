/**
 * What a request says about where it was sent and where it came from: the Host it was addressed to,
 * its own origin, and the client's address. `X-Forwarded-*` headers count only with TRUST_PROXY=1
 * (a reverse proxy in front overwrites them); otherwise anyone could write them.
 * No `server-only` import: proxy.ts and unit tests load this too.
 */

type HeaderSource = Pick<Headers, 'get'>;

/** The last value of a comma-separated header: the one the nearest (trusted) proxy appended. */
function lastListValue(value: string | null): string | undefined {
  const last = value?.split(',').pop()?.trim();
  return last === undefined || last === '' ? undefined : last;
}

/** The host (name and port) the client addressed: the Host header, or X-Forwarded-Host behind a trusted proxy. */
export function requestHost(headers: HeaderSource, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? lastListValue(headers.get('x-forwarded-host')) : undefined;
  const host = forwarded ?? headers.get('host')?.trim();
  return host === undefined || host === '' ? undefined : host.toLowerCase();
}

/** `name` or `name:port` of a Host value; `undefined` when it is not one (userinfo, paths, spaces...). */
function splitHost(host: string): { name: string; port: string } | undefined {
  if (/[\s@/\\?#]/.test(host)) return undefined;
  try {
    const url = new URL(`http://${host}`);
    return { name: url.hostname, port: url.port };
  } catch {
    return undefined;
  }
}

/**
 * True when the Host is one this app answers to. A page on another site can make a browser send requests
 * to 127.0.0.1 under its own name (DNS rebinding): refusing unknown names is what stops that. An entry
 * with a port (`name:8443`) allows that port only; an entry without one allows any.
 */
export function isAllowedHost(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (host === undefined) return false;
  const parts = splitHost(host);
  if (!parts) return false;
  return allowedHosts.some((entry) => {
    const allowed = splitHost(entry);
    if (!allowed || allowed.name !== parts.name) return false;
    return allowed.port === '' || allowed.port === parts.port;
  });
}

/**
 * The origin the request was sent to, scheme included. `next start` itself speaks plain HTTP, so the
 * scheme is http unless a trusted proxy says (X-Forwarded-Proto) it terminated HTTPS.
 */
export function requestOrigin(headers: HeaderSource, trustProxy: boolean): string | undefined {
  const host = requestHost(headers, trustProxy);
  if (host === undefined || !splitHost(host)) return undefined;
  const proto = trustProxy ? lastListValue(headers.get('x-forwarded-proto'))?.toLowerCase() : undefined;
  const scheme = proto === 'https' ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * The client's address, for sign-in throttling only, and only behind a trusted proxy (the entry it
 * appended to X-Forwarded-For). Without one the address cannot be known: Next.js itself fills in
 * X-Forwarded-For only when the client did not send one, so the value could be the client's invention.
 */
export function clientAddress(headers: HeaderSource, trustProxy: boolean): string | undefined {
  return trustProxy ? lastListValue(headers.get('x-forwarded-for')) : undefined;
}

/**
 * Access control, table-driven over every API route file that exists: a route added later without a
 * decision here fails the first test. Requests go through proxy.ts itself, as in production.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeUsers } from '@/server/auth/user-store';

const APP = 'http://localhost:3000';
const SECRET = 'unit-test-secret-0123456789abcdef0123';
const VIEWER_TOKEN = 'viewer-token-0123456789';
const ADMIN_TOKEN = 'admin-token-0123456789';
/** The user file the sessions below are checked against (sessions are, on every request). */
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'auth-policy-'));
writeUsers(DATA_DIR, [
  { email: 'admin@example.com', role: 'hr-admin', passwordHash: 'unused' },
  { email: 'viewer@example.com', role: 'viewer', passwordHash: 'unused' },
  { email: 'a@example.com', role: 'hr-admin', passwordHash: 'unused' },
]);
const AUTH_ENV = {
  DATA_DIR,
  AUTH_SECRET: SECRET,
  API_TOKENS: `${VIEWER_TOKEN}:viewer,${ADMIN_TOKEN}:hr-admin`,
  APP_URL: APP,
  TEMPORAL_UI_URL: 'http://localhost:8233',
  SANDBOX_API_KEY: 'simulated-key',
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const ALL_METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Every route.ts under app/api with the methods it exports. */
function discoverRoutes(): { route: string; methods: Method[] }[] {
  const root = path.resolve(__dirname, '../../app/api');
  const found: { route: string; methods: Method[] }[] = [];
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(entry) !== 'route.ts') continue;
    const source = readFileSync(path.join(root, entry), 'utf8');
    const methods = new Set<Method>();
    for (const match of source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b/g)) methods.add(match[1] as Method);
    for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const match of (block[1] ?? '').matchAll(/\bas\s+([A-Z]+)\b/g)) methods.add(match[1] as Method);
    }
    const route = `/api/${path.dirname(entry).split(path.sep).join('/')}`;
    found.push({ route, methods: [...methods].filter((m) => ALL_METHODS.includes(m)) });
  }
  return found;
}

/** The decision for each route, written out by hand so the test does not just repeat the policy. */
const PUBLIC_ROUTES = new Set(['/api/health', '/api/health/live', '/api/health/ready', '/api/auth/[...nextauth]', '/api/set-password']);
const SANDBOX_SERVICE_ROUTES = new Set([
  '/api/sandbox/email/send',
  '/api/sandbox/llm/v1/chat/completions',
  '/api/sandbox/crm/contacts/[employeeId]',
  '/api/sandbox/slack/chat.postMessage',
  '/api/sandbox/slack/conversations.list',
]);
const ADMIN_ONLY_READS = new Set(['/api/temporal-codec/decode', '/api/temporal-codec/encode', '/api/users', '/api/users/[email]']);
/** A person's signed link: no account, the token is checked by the route itself. */
const LINK_ROUTES = new Set(['/api/act/[token]']);

function concretePath(route: string): string {
  return route
    .replace('[id]', 'onboarding-e1')
    .replace('[employeeId]', 'e1')
    .replace('[key]', 'welcome-email')
    .replace('[token]', 'payload.signature')
    .replace('[email]', 'someone%40example.com')
    .replace('[...nextauth]', 'session');
}

async function sessionCookie(email: string, role: string, secret = SECRET): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { email, role }, secret })}`;
}

async function loadProxy(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('@/proxy')).proxy;
}

/** As a browser or curl sends it: the Host header names the server the URL points at. */
function request(method: Method, pathname: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${APP}${pathname}`, { method, headers: { host: new URL(APP).host, ...headers } });
}

const routes = discoverRoutes();
const cases = routes.flatMap(({ route, methods }) => methods.map((method) => ({ route, method, path: concretePath(route) })));
const isRead = (method: Method) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('route inventory', () => {
  it('finds the API routes', () => {
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['/api/onboardings', '/api/onboardings/[id]/retry', '/api/sandbox/faults']));
  });
});

describe('with sign-in on', () => {
  let proxy: Awaited<ReturnType<typeof loadProxy>>;
  beforeAll(async () => {
    proxy = await loadProxy(AUTH_ENV);
  });

  const protectedCases = cases.filter((c) => !PUBLIC_ROUTES.has(c.route) && !SANDBOX_SERVICE_ROUTES.has(c.route) && !LINK_ROUTES.has(c.route));

  it.each(cases.filter((c) => LINK_ROUTES.has(c.route)))('$method $route without credentials -> through to the route', async ({ method, path: p }) => {
    const response = await proxy(request(method, p));
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('lets the link page through without an account, and nothing else under /act', async () => {
    expect((await proxy(request('GET', '/act/payload.signature'))).headers.get('x-middleware-next')).toBe('1');
    expect((await proxy(request('GET', '/act/payload.signature/more'))).status).toBe(307);
    const crossSite = await proxy(request('POST', '/api/act/payload.signature', { origin: 'https://evil.example' }));
    expect(crossSite.status).toBe(403);
  });
  const preflight = (c: { route: string; method: Method }) => ADMIN_ONLY_READS.has(c.route) && c.method === 'OPTIONS';

  it.each(protectedCases.filter((c) => !preflight(c)))('$method $route without credentials -> 401', async ({ method, path: p }) => {
    const response = await proxy(request(method, p));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it.each(protectedCases.filter((c) => !preflight(c)))('$method $route with a wrong token -> 401', async ({ method, path: p }) => {
    const response = await proxy(request(method, p, { authorization: 'Bearer not-a-real-token-at-all' }));
    expect(response.status).toBe(401);
  });

  it.each(protectedCases.filter((c) => !preflight(c)))('$method $route as a viewer -> 403 for changes, through for reads', async ({ route, method, path: p }) => {
    const viewers: Record<string, string>[] = [{ authorization: `Bearer ${VIEWER_TOKEN}` }, { cookie: await sessionCookie('viewer@example.com', 'viewer') }];
    for (const credentials of viewers) {
      const response = await proxy(request(method, p, credentials));
      if (isRead(method) && !ADMIN_ONLY_READS.has(route)) {
        expect(response.headers.get('x-middleware-next')).toBe('1');
      } else {
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
    }
  });

  it.each(protectedCases)('$method $route as an HR admin -> through', async ({ method, path: p }) => {
    const admins: Record<string, string>[] = [{ authorization: `Bearer ${ADMIN_TOKEN}` }, { cookie: await sessionCookie('admin@example.com', 'hr-admin') }];
    for (const credentials of admins) {
      const response = await proxy(request(method, p, { ...credentials, origin: APP }));
      expect(response.headers.get('x-middleware-next')).toBe('1');
    }
  });

  it.each(protectedCases.filter((c) => !isRead(c.method)))('$method $route from another site -> 403 even for an admin', async ({ method, path: p }) => {
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of crossSite) {
      const response = await proxy(request(method, p, { cookie: await sessionCookie('admin@example.com', 'hr-admin'), ...headers }));
      expect(response.status).toBe(403);
    }
  });

  it.each(cases.filter((c) => SANDBOX_SERVICE_ROUTES.has(c.route)))(
    '$method $route (simulated service) wants its own key, not a session',
    async ({ method, path: p }) => {
      expect((await proxy(request(method, p))).status).toBe(401);
      expect((await proxy(request(method, p, { cookie: await sessionCookie('admin@example.com', 'hr-admin') }))).status).toBe(401);
      expect((await proxy(request(method, p, { authorization: 'Bearer simulated-key' }))).headers.get('x-middleware-next')).toBe('1');
    },
  );

  it('keeps /api/health public', async () => {
    expect((await proxy(request('GET', '/api/health'))).headers.get('x-middleware-next')).toBe('1');
  });

  it('refuses an expired session and one signed with another secret', async () => {
    const foreign = await sessionCookie('admin@example.com', 'hr-admin', 'another-secret-0123456789abcdef0123');
    expect((await proxy(request('GET', '/api/onboardings', { cookie: foreign }))).status).toBe(401);
    const expired = `next-auth.session-token=${await encode({ token: { email: 'a@example.com', role: 'hr-admin' }, secret: SECRET, maxAge: -60 })}`;
    expect((await proxy(request('GET', '/api/onboardings', { cookie: expired }))).status).toBe(401);
  });

  it('a session without a valid role is no session', async () => {
    expect((await proxy(request('GET', '/api/onboardings', { cookie: await sessionCookie('x@example.com', 'superuser') }))).status).toBe(401);
  });

  it('sends pages to the sign-in page, keeping where the person wanted to go', async () => {
    const response = await proxy(request('GET', '/onboardings/onboarding-e1?tab=1'));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location') ?? '', APP);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('callbackUrl')).toBe('/onboardings/onboarding-e1?tab=1');
    expect((await proxy(request('GET', '/login'))).headers.get('x-middleware-next')).toBe('1');
    const signedIn = await proxy(request('GET', '/', { cookie: await sessionCookie('viewer@example.com', 'viewer') }));
    expect(signedIn.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('with sign-in off (the local demo)', () => {
  let proxy: Awaited<ReturnType<typeof loadProxy>>;
  beforeAll(async () => {
    vi.unstubAllEnvs();
    proxy = await loadProxy({ AUTH_SECRET: '', APP_URL: APP });
  });

  it.each(cases.filter((c) => !c.route.startsWith('/api/auth')))('$method $route needs no credentials', async ({ method, path: p }) => {
    const response = await proxy(request(method, p));
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('still refuses cross-site changes', async () => {
    expect((await proxy(request('POST', '/api/onboardings', { origin: 'https://evil.example' }))).status).toBe(403);
    expect((await proxy(request('POST', '/api/sandbox/reset', { 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    // Same origin, and the request's own origin when APP_URL names another host, are fine.
    expect((await proxy(request('POST', '/api/onboardings', { origin: APP }))).headers.get('x-middleware-next')).toBe('1');
    const viaIp = new NextRequest('http://127.0.0.1:3000/api/onboardings', { method: 'POST', headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' } });
    expect((await proxy(viaIp)).headers.get('x-middleware-next')).toBe('1');
  });

  it('serves pages without a sign-in', async () => {
    expect((await proxy(request('GET', '/'))).headers.get('x-middleware-next')).toBe('1');
  });
});

describe('security headers', () => {
  it('pages get a fresh nonce-based CSP and the usual hardening headers', async () => {
    vi.unstubAllEnvs();
    const proxy = await loadProxy({ AUTH_SECRET: '', APP_URL: APP });
    const first = await proxy(request('GET', '/'));
    const second = await proxy(request('GET', '/'));
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toBe(second.headers.get('content-security-policy'));
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('same-origin');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
  });

  it('API responses, refusals included, get them too', async () => {
    vi.unstubAllEnvs();
    const proxy = await loadProxy(AUTH_ENV);
    for (const response of [await proxy(request('GET', '/api/health')), await proxy(request('GET', '/api/onboardings'))]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('the Host a request is addressed to (DNS rebinding)', () => {
  const hostCases: { host: string; allowed: boolean; env?: Record<string, string> }[] = [
    { host: 'localhost:3000', allowed: true },
    { host: 'LOCALHOST:3000', allowed: true },
    { host: '127.0.0.1:3000', allowed: true },
    { host: '[::1]:3000', allowed: true },
    { host: 'localhost', allowed: true },
    { host: 'evil.example', allowed: false },
    { host: 'evil.example:3000', allowed: false },
    { host: 'localhost.evil.example:3000', allowed: false },
    { host: '127.0.0.1.nip.io:3000', allowed: false },
    { host: 'localhost@evil.example', allowed: false },
    { host: '0.0.0.0:3000', allowed: false },
    { host: '', allowed: false },
    { host: 'hr.example.com', allowed: true, env: { APP_URL: 'https://hr.example.com' } },
    { host: 'dashboard.internal:8443', allowed: true, env: { ALLOWED_HOSTS: 'web, dashboard.internal:8443' } },
    { host: 'dashboard.internal:9999', allowed: false, env: { ALLOWED_HOSTS: 'web, dashboard.internal:8443' } },
    { host: 'web:3000', allowed: true, env: { ALLOWED_HOSTS: 'web, dashboard.internal:8443' } },
  ];

  for (const signIn of [false, true]) {
    describe(signIn ? 'sign-in on' : 'sign-in off', () => {
      it.each(hostCases)('Host "$host" → allowed: $allowed', async ({ host, allowed, env = {} }) => {
        vi.unstubAllEnvs();
        const proxy = await loadProxy({ ...(signIn ? AUTH_ENV : { AUTH_SECRET: '', APP_URL: APP }), ...env });
        for (const pathname of ['/api/health', '/api/onboardings', '/', '/login']) {
          const response = await proxy(request('GET', pathname, { host }));
          if (allowed) {
            expect(response.status, pathname).not.toBe(403);
          } else {
            expect(response.status, pathname).toBe(403);
            expect(await response.json()).toMatchObject({ error: { code: 'host_not_allowed' } });
          }
        }
      });
    });
  }

  it('X-Forwarded-Host counts only with TRUST_PROXY=1', async () => {
    vi.unstubAllEnvs();
    const open = await loadProxy({ AUTH_SECRET: '', APP_URL: APP });
    // Without a trusted proxy the header is whatever the client wrote: it neither admits nor refuses.
    expect((await open(request('GET', '/', { host: 'evil.example', 'x-forwarded-host': 'localhost:3000' }))).status).toBe(403);
    expect((await open(request('GET', '/', { 'x-forwarded-host': 'evil.example' }))).status).not.toBe(403);
    vi.unstubAllEnvs();
    const proxied = await loadProxy({ AUTH_SECRET: '', APP_URL: 'https://hr.example.com', TRUST_PROXY: '1' });
    expect((await proxied(request('GET', '/', { host: 'web:3000', 'x-forwarded-host': 'hr.example.com' }))).status).not.toBe(403);
    expect((await proxied(request('GET', '/', { host: 'localhost:3000', 'x-forwarded-host': 'evil.example' }))).status).toBe(403);
  });
});

describe('the Origin check compares whole origins', () => {
  it.each([
    { origin: APP, crossSite: false },
    { origin: 'https://localhost:3000', crossSite: true },
    { origin: 'http://localhost:3001', crossSite: true },
    { origin: 'http://127.0.0.1:3000', crossSite: true, host: 'localhost:3000' },
    { origin: 'http://127.0.0.1:3000', crossSite: false, host: '127.0.0.1:3000' },
    { origin: 'https://127.0.0.1:3000', crossSite: true, host: '127.0.0.1:3000' },
    { origin: 'http://evil.example', crossSite: true },
    { origin: 'null', crossSite: true },
  ])('Origin $origin to Host $host → cross-site: $crossSite', async ({ origin, crossSite, host }) => {
    vi.unstubAllEnvs();
    const proxy = await loadProxy({ AUTH_SECRET: '', APP_URL: APP });
    const response = await proxy(request('POST', '/api/sandbox/reset', { origin, ...(host ? { host } : {}) }));
    expect(response.status === 403).toBe(crossSite);
  });

  it('behind a trusted proxy the scheme comes from X-Forwarded-Proto, never from the client otherwise', async () => {
    vi.unstubAllEnvs();
    const open = await loadProxy({ AUTH_SECRET: '', APP_URL: APP });
    const spoofed = request('POST', '/api/sandbox/reset', { host: '127.0.0.1:3000', origin: 'https://127.0.0.1:3000', 'x-forwarded-proto': 'https' });
    expect((await open(spoofed)).status).toBe(403);
    vi.unstubAllEnvs();
    const proxied = await loadProxy({ AUTH_SECRET: '', APP_URL: APP, TRUST_PROXY: '1', ALLOWED_HOSTS: 'hr.example.com' });
    const viaProxy = request('POST', '/api/sandbox/reset', { host: 'hr.example.com', origin: 'https://hr.example.com', 'x-forwarded-proto': 'https' });
    expect((await proxied(viaProxy)).status).not.toBe(403);
  });
});

/**
 * People: HR admins add, change, deactivate and reset people through /api/users, a one-time link sets a
 * password, and a session is checked against the user file on every request, so a deactivated or
 * demoted person loses access on their next request. Requests go through proxy.ts and the routes.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readUsers, writeUsers } from '@/server/auth/user-store';
import { addPerson, changePerson, hashPassword, setPasswordWithLink, verifyPassword } from '@/server/auth/users';

const APP = 'http://localhost:3000';
const SECRET = 'people-test-secret-0123456789abcdef0123';
const ADMIN = 'boss@example.com';

let dataDir: string;
type Proxy = (request: NextRequest) => Promise<Response>;
let proxy: Proxy;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Record<string, unknown>;
let usersRoute: RouteModule;
let personRoute: RouteModule;
let setPasswordRoute: RouteModule;

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv('AUTH_SECRET', SECRET);
  vi.stubEnv('APP_URL', APP);
  vi.stubEnv('DATA_DIR', mkdtempSync(path.join(os.tmpdir(), 'people-')));
  dataDir = process.env.DATA_DIR ?? '';
  proxy = (await import('@/proxy')).proxy;
  usersRoute = (await import('@/app/api/users/route'));
  personRoute = (await import('@/app/api/users/[email]/route'));
  setPasswordRoute = (await import('@/app/api/set-password/route'));
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => {
  // Cost 4: these tests are about who may do what, not about bcrypt's cost.
  writeUsers(dataDir, [{ email: ADMIN, role: 'hr-admin', passwordHash: hashPassword('boss-password-123', 4), active: true, sessionVersion: 0 }]);
});

/** A session as next-auth issues it for a built-in user: e-mail, role and session version at sign-in. */
async function sessionFor(email: string, role: string, sv = 0, extra: Record<string, unknown> = {}): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { email, role, sv, ...extra }, secret: SECRET })}`;
}

function request(method: string, pathname: string, init: { cookie?: string; body?: unknown } = {}): NextRequest {
  return new NextRequest(`${APP}${pathname}`, {
    method,
    headers: {
      host: 'localhost:3000',
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json', origin: APP } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Through proxy.ts first, then the route itself, as in production. */
async function call(route: RouteModule, method: string, pathname: string, init: { cookie?: string; body?: unknown } = {}, params: Record<string, string> = {}): Promise<Response> {
  const gate = await proxy(request(method, pathname, init));
  if (gate.headers.get('x-middleware-next') !== '1') return gate;
  const handler = route[method] as Handler | undefined;
  if (!handler) throw new Error(`${method} ${pathname} is not exported`);
  return handler(request(method, pathname, init), { params: Promise.resolve(params) });
}

describe('/api/users', () => {
  it('an HR admin adds a person, who sets a password through the one-time link and signs in', async () => {
    const admin = await sessionFor(ADMIN, 'hr-admin');
    const added = await call(usersRoute, 'POST', '/api/users', { cookie: admin, body: { email: 'New.Person@example.com', name: 'New Person', role: 'viewer' } });
    expect(added.status).toBe(201);
    const body = (await added.json()) as { user: Record<string, unknown>; setPasswordUrl: string };
    expect(body.user).toEqual({ email: 'new.person@example.com', name: 'New Person', role: 'viewer', active: true, passwordSet: false, linkPending: true });
    expect(body.setPasswordUrl).toMatch(new RegExp(`^${APP}/set-password#[A-Za-z0-9_-]{40,}$`));
    const token = body.setPasswordUrl.split('#')[1] ?? '';
    // The file keeps only the token's hash.
    expect(JSON.stringify(readUsers(dataDir))).not.toContain(token);

    const listed = await call(usersRoute, 'GET', '/api/users', { cookie: admin });
    expect(((await listed.json()) as { users: { email: string }[] }).users.map((u) => u.email)).toEqual([ADMIN, 'new.person@example.com']);

    const tooShort = await call(setPasswordRoute, 'POST', '/api/set-password', { body: { token, password: 'short' } });
    expect(tooShort.status).toBe(400);
    const set = await call(setPasswordRoute, 'POST', '/api/set-password', { body: { token, password: 'a-long-enough-password' } });
    expect(set.status).toBe(200);
    expect(await verifyPassword(dataDir, 'new.person@example.com', 'a-long-enough-password')).toMatchObject({ role: 'viewer' });
    // Used once: the same link again is unknown.
    const again = await call(setPasswordRoute, 'POST', '/api/set-password', { body: { token, password: 'another-long-password' } });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'not_found' } });
    // bcrypt at production cost (setting and checking the password) is slow on purpose.
  }, 30_000);

  it('is for HR admins only, reading included, and answers with the error envelope', async () => {
    writeUsers(dataDir, [...readUsers(dataDir), { email: 'viewer@example.com', role: 'viewer', passwordHash: 'x', sessionVersion: 0 }]);
    const viewer = await sessionFor('viewer@example.com', 'viewer');
    expect((await call(usersRoute, 'GET', '/api/users', { cookie: viewer })).status).toBe(403);
    expect((await call(usersRoute, 'GET', '/api/users')).status).toBe(401);
    const admin = await sessionFor(ADMIN, 'hr-admin');
    const invalid = await call(usersRoute, 'POST', '/api/users', { cookie: admin, body: { email: 'not-an-address', role: 'superuser', extra: 1 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_input', fields: { email: expect.any(Array) as unknown, role: expect.any(Array) as unknown, extra: ['Unknown field'] } } });
    const duplicate = await call(usersRoute, 'POST', '/api/users', { cookie: admin, body: { email: ADMIN.toUpperCase(), role: 'viewer' } });
    expect(duplicate.status).toBe(409);
    const missing = await call(personRoute, 'PATCH', '/api/users/nobody%40example.com', { cookie: admin, body: { active: false } }, { email: 'nobody%40example.com' });
    expect(missing.status).toBe(404);
    const empty = await call(personRoute, 'PATCH', `/api/users/${encodeURIComponent(ADMIN)}`, { cookie: admin, body: {} }, { email: encodeURIComponent(ADMIN) });
    expect(empty.status).toBe(400);
  });

  it('refuses to deactivate or demote the last active HR admin', async () => {
    const admin = await sessionFor(ADMIN, 'hr-admin');
    for (const change of [{ active: false }, { role: 'viewer' }]) {
      const response = await call(personRoute, 'PATCH', `/api/users/${encodeURIComponent(ADMIN)}`, { cookie: admin, body: change }, { email: encodeURIComponent(ADMIN) });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ error: { code: 'last_admin' } });
    }
  });
});

describe('sessions are checked against the user file on every request', () => {
  const pageAllowed = async (cookie: string) => (await proxy(request('GET', '/', { cookie }))).headers.get('x-middleware-next') === '1';
  const apiStatus = async (cookie: string) => (await proxy(request('POST', '/api/sandbox/reset', { cookie, body: {} }))).status;

  it('a deactivated person is refused on their next request, pages and API', async () => {
    addPerson(dataDir, { email: 'leaver@example.com', role: 'hr-admin' });
    const session = await sessionFor('leaver@example.com', 'hr-admin');
    expect(await pageAllowed(session)).toBe(true);
    expect(await apiStatus(session)).not.toBe(401);

    const admin = await sessionFor(ADMIN, 'hr-admin');
    const response = await call(personRoute, 'PATCH', '/api/users/leaver%40example.com', { cookie: admin, body: { active: false } }, { email: 'leaver%40example.com' });
    expect(response.status).toBe(200);
    expect(await pageAllowed(session)).toBe(false);
    expect(await apiStatus(session)).toBe(401);
    // Reactivated, the old session stays dead: they sign in again.
    changePerson(dataDir, 'leaver@example.com', { active: true });
    expect(await apiStatus(session)).toBe(401);
  });

  it('a demoted admin loses the right to change things on their next request', async () => {
    addPerson(dataDir, { email: 'was-admin@example.com', role: 'hr-admin' });
    const session = await sessionFor('was-admin@example.com', 'hr-admin');
    expect(await apiStatus(session)).not.toBe(403);
    changePerson(dataDir, 'was-admin@example.com', { role: 'viewer' });
    // Their session carried "hr-admin"; the file's role decides, and the bumped version ends the session.
    expect(await apiStatus(session)).toBe(401);
    const fresh = await sessionFor('was-admin@example.com', 'hr-admin', 1);
    expect(await apiStatus(fresh)).toBe(403);
  });

  it('a password reset ends earlier sessions; a removed person has none', async () => {
    const { link } = addPerson(dataDir, { email: 'resets@example.com', role: 'viewer' });
    await setPasswordWithLink(dataDir, link.token, 'first-password-123');
    const session = await sessionFor('resets@example.com', 'viewer', 1);
    expect(await pageAllowed(session)).toBe(true);
    changePerson(dataDir, 'resets@example.com', { resetPassword: true });
    expect(await pageAllowed(session)).toBe(false);
    expect(await pageAllowed(await sessionFor('ghost@example.com', 'hr-admin'))).toBe(false);
  }, 30_000);

  it('single sign-on keeps the provider role, unless the address is deactivated here', async () => {
    const oidc = await sessionFor('sso@example.com', 'hr-admin', 0, { src: 'oidc' });
    expect(await apiStatus(oidc)).not.toBe(401);
    writeUsers(dataDir, [...readUsers(dataDir), { email: 'sso@example.com', role: 'viewer', active: false }]);
    expect(await apiStatus(oidc)).toBe(401);
  });

  it('an expired set-password link says so', async () => {
    const { link } = addPerson(dataDir, { email: 'late@example.com', role: 'viewer' }, new Date(Date.now() - 25 * 60 * 60_000));
    const response = await call(setPasswordRoute, 'POST', '/api/set-password', { body: { token: link.token, password: 'a-long-enough-password' } });
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ error: { code: 'link_expired' } });
  });
});

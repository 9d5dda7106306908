/**
 * Cookie parsing fuzzed with sign-in on: hostile Cookie headers (malformed percent-encoding, chunked
 * next-auth session cookies in and out of order, tampered tokens, noise around them) against a route
 * handler. The expected answer comes from what the header carries, decided here from the rules: an
 * untampered session (whole, or its chunks `.0`, `.1`... in order) of an HR admin may cancel (202), of a
 * viewer gets 403; anything else is no session at all (401). Never a 5xx, always the envelope.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeUsers } from '@/server/auth/user-store';
import { hashPassword } from '@/server/auth/users';
import fc from 'fast-check';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectWellFormed, PROPERTY_TIMEOUT_MS } from './hostile-arbitraries';

const SECRET = 'cookies-test-secret-0123456789abcdef0123';
const COOKIE = 'next-auth.session-token';
const ORIGIN = 'http://localhost:3000';

vi.mock('server-only', () => ({}));
vi.mock('@/server/temporal/client', () => ({
  cancelOnboarding: () => Promise.resolve({ status: 'cancelling' as const }),
}));

type RouteHandler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
let cancel: RouteHandler;
let adminToken: string;
let viewerToken: string;

beforeAll(async () => {
  vi.stubEnv('AUTH_SECRET', SECRET);
  vi.stubEnv('API_TOKENS', 'cookies-admin-token-0123456789:hr-admin');
  vi.stubEnv('APP_URL', ORIGIN);
  // Sessions are checked against the user file on every request: both people exist and are active.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cookies-'));
  vi.stubEnv('DATA_DIR', dataDir);
  writeUsers(dataDir, [
    { email: 'hr@example.com', role: 'hr-admin', passwordHash: hashPassword('admin-password-123', 4), active: true, sessionVersion: 0 },
    { email: 'viewer@example.com', role: 'viewer', passwordHash: hashPassword('viewer-password-123', 4), active: true, sessionVersion: 0 },
  ]);
  vi.resetModules();
  cancel = (await import('@/app/api/onboardings/[id]/cancel/route')).POST;
  adminToken = await encode({ token: { email: 'hr@example.com', role: 'hr-admin', sv: 0 }, secret: SECRET });
  viewerToken = await encode({ token: { email: 'viewer@example.com', role: 'viewer', sv: 0 }, secret: SECRET });
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** What a header carries, and so what the route must answer. */
type Carried = 'admin' | 'viewer' | 'none';
const EXPECTED: Record<Carried, number> = { admin: 202, viewer: 403, none: 401 };

const noiseCookie = fc.oneof(
  fc.constantFrom('theme=dark', 'a=%E0%A4%A', 'b=%', 'c=%zz', '=', ';', ' ', 'next-auth.csrf-token=x', 'd="quoted"', '__proto__=1', 'constructor=x', `e=${'z'.repeat(4000)}`),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), fc.string({ maxLength: 40 })).map(([name, value]) => `${name}=${value.replace(/[;\r\n\0]/g, '')}`),
);

function chunks(token: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % token.length))].filter((p) => p > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const point of points) {
    parts.push(token.slice(from, point));
    from = point;
  }
  parts.push(token.slice(from));
  return parts;
}

/** A session cookie part of the header, with what it carries. */
const sessionPart = fc.oneof(
  fc.record({ who: fc.constantFrom<'admin' | 'viewer'>('admin', 'viewer'), form: fc.constant('whole' as const) }),
  fc.record({ who: fc.constantFrom<'admin' | 'viewer'>('admin', 'viewer'), form: fc.constant('chunked' as const), cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
  fc.record({ who: fc.constant('admin' as const), form: fc.constant('tampered' as const), at: fc.nat() }),
  fc.record({ who: fc.constant('admin' as const), form: fc.constant('chunks out of order' as const), cuts: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }),
  fc.record({ who: fc.constant('admin' as const), form: fc.constant('chunk missing' as const), cuts: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }),
  fc.record({ who: fc.constant('none' as const), form: fc.constant('garbage' as const), value: fc.string({ maxLength: 300 }) }),
  fc.constant({ who: 'none' as const, form: 'absent' as const }),
);

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

interface SessionPart {
  who: string;
  form: string;
  cuts?: number[];
  at?: number;
  value?: string;
}

function render(part: SessionPart): { cookies: string[]; carried: Carried } {
  const token = part.who === 'viewer' ? viewerToken : adminToken;
  switch (part.form) {
    case 'whole':
      return { cookies: [`${COOKIE}=${token}`], carried: part.who as Carried };
    case 'chunked':
      return { cookies: chunks(token, part.cuts ?? []).map((chunk, i) => `${COOKIE}.${i}=${chunk}`), carried: part.who as Carried };
    case 'tampered': {
      const at = (part.at ?? 0) % token.length;
      // Every bit of the character inverted: a segment's last character only carries its top bits, so
      // a one-bit change ('A' to 'B') there can decode to the same bytes and leave the token valid.
      const index = BASE64URL.indexOf(token[at] ?? '');
      const flipped = index === -1 ? 'A' : (BASE64URL[63 - index] ?? 'A');
      return { cookies: [`${COOKIE}=${token.slice(0, at)}${flipped}${token.slice(at + 1)}`], carried: 'none' };
    }
    case 'chunks out of order': {
      const parts = chunks(token, part.cuts ?? []);
      if (parts.length < 2) return { cookies: [`${COOKIE}=${token}`], carried: 'admin' };
      // The chunk numbers swapped: joined in number order they are no longer the token.
      const swapped = [parts[1], parts[0], ...parts.slice(2)];
      return { cookies: swapped.map((chunk, i) => `${COOKIE}.${i}=${chunk}`), carried: 'none' };
    }
    case 'chunk missing': {
      const parts = chunks(token, part.cuts ?? []);
      if (parts.length < 2) return { cookies: [], carried: 'none' };
      return { cookies: parts.slice(1).map((chunk, i) => `${COOKIE}.${i + 1}=${chunk}`), carried: 'none' };
    }
    case 'garbage':
      return { cookies: [`${COOKIE}=${(part.value ?? '').replace(/[;\r\n\0]/g, '')}`], carried: 'none' };
    default:
      return { cookies: [], carried: 'none' };
  }
}

describe('hostile Cookie headers with sign-in on', () => {
  it('1,000 arbitrary Cookie headers (malformed percent-encoding included) are no session: 401, never a 5xx', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 300 }).filter((text) => /^[\t\x20-\x7e]*$/.test(text)),
      fc.constantFrom(`${COOKIE}=%E0%A4%A`, `${COOKIE}=%`, `${COOKIE}.0=%zz; ${COOKIE}.1=%`, `${COOKIE}`, `=${COOKIE}`, ';;;', `${COOKIE}=; ${COOKIE}.0=`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (cookie) => {
        const request = new Request(`${ORIGIN}/api/onboardings/onboarding-e1/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie },
        });
        const response = await cancel(request, { params: Promise.resolve({ id: 'onboarding-e1' }) });
        await expectWellFormed(response.clone(), JSON.stringify(cookie));
        expect(response.status, JSON.stringify(cookie)).toBe(401);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('1,000 cookie headers: 202 only for an HR admin session, 403 for a viewer\'s, 401 for anything else', async () => {
    await fc.assert(
      fc.asyncProperty(sessionPart, fc.array(noiseCookie, { maxLength: 4 }), fc.nat(), fc.constantFrom('; ', ';', ' ;  '), async (part, noise, position, separator) => {
        const { cookies, carried } = render(part);
        const all = [...noise];
        all.splice(position % (all.length + 1), 0, ...cookies);
        const header = all.join(separator);
        const request = new Request(`${ORIGIN}/api/onboardings/onboarding-e1/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', cookie: header },
        });
        const response = await cancel(request, { params: Promise.resolve({ id: 'onboarding-e1' }) });
        const label = `${part.form} (${part.who}) in ${JSON.stringify(header.slice(0, 200))}`;
        await expectWellFormed(response.clone(), label);
        expect(response.status, label).toBe(EXPECTED[carried]);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

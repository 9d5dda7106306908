import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { safeCallbackUrl } from '@/server/auth/callback-url';
import { roleFromClaims } from '@/server/auth/options';
import { BusyError, SIGN_IN_BACKOFF, SignInThrottle, WorkGate } from '@/server/auth/rate-limit';
import { parseApiTokens, parseAuthSettings, type OidcSettings } from '@/server/auth/settings';
import { bearerToken, matchApiToken, tokenName } from '@/server/auth/tokens';
import { ensureFirstAdmin, FIRST_ADMIN_FILE, GENERATED_ADMIN_EMAIL, hashPassword, readUsers, verifyPassword, writeUsers } from '@/server/auth/users';
import { ConfigError, parseConfig } from '@/common/config';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'auth-test-'));

describe('API_TOKENS', () => {
  it('parses token:role pairs', () => {
    expect(parseApiTokens('aaaaaaaaaaaaaaaa1:viewer, bbbbbbbbbbbbbbbb2:hr-admin')).toEqual([
      { token: 'aaaaaaaaaaaaaaaa1', role: 'viewer' },
      { token: 'bbbbbbbbbbbbbbbb2', role: 'hr-admin' },
    ]);
    expect(parseApiTokens(undefined)).toEqual([]);
  });

  it.each([
    ['aaaaaaaaaaaaaaaa1:root', /entry 1 must be token:role/],
    ['aaaaaaaaaaaaaaaa1', /entry 1 must be token:role/],
    ['short:viewer', /entry 1 is too short/],
    ['aaaaaaaaaaaaaaaa1:viewer,aaaaaaaaaaaaaaaa1:hr-admin', /appears twice/],
  ])('rejects %j naming the variable but never the token', (value, problem) => {
    let error: unknown;
    try {
      parseApiTokens(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).toContain('API_TOKENS');
    expect((error as Error).message).not.toContain('aaaaaaaaaaaaaaaa1');
  });

  it('matches a presented token to its role and gives it a non-secret name', () => {
    const tokens = parseApiTokens('aaaaaaaaaaaaaaaa1:viewer,bbbbbbbbbbbbbbbb2:hr-admin');
    expect(matchApiToken('bbbbbbbbbbbbbbbb2', tokens)).toEqual({ kind: 'token', name: tokenName('bbbbbbbbbbbbbbbb2'), role: 'hr-admin' });
    expect(tokenName('bbbbbbbbbbbbbbbb2')).toMatch(/^api-token:[0-9a-f]{8}$/);
    expect(matchApiToken('bbbbbbbbbbbbbbbb', tokens)).toBeNull();
    expect(matchApiToken('', tokens)).toBeNull();
  });

  it('reads the Bearer scheme only', () => {
    expect(bearerToken(null)).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBe('');
    expect(bearerToken('Bearer')).toBe('');
  });
});

describe('sign-in settings', () => {
  const config = parseConfig({});
  it('is off without AUTH_SECRET and on with one', () => {
    expect(parseAuthSettings({}, config).enabled).toBe(false);
    expect(parseAuthSettings({ AUTH_SECRET: 'x'.repeat(32) }, config).enabled).toBe(true);
  });

  it.each([
    [{ AUTH_SECRET: 'short' }, /AUTH_SECRET: use at least 32/],
    [{ ADMIN_EMAIL: 'a@example.com' }, /ADMIN_PASSWORD: set ADMIN_EMAIL and ADMIN_PASSWORD together/],
    [{ ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD: use at least 12/],
    [{ OIDC_ISSUER: 'https://id.example.com' }, /OIDC_ISSUER: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/],
  ])('stops on %j with a message naming the variable', (env, problem) => {
    expect(() => parseAuthSettings(env, config)).toThrow(problem);
  });

  it('secures cookies when the app is served over HTTPS', () => {
    expect(parseAuthSettings({}, parseConfig({ APP_URL: 'https://hr.example.com' })).secureCookies).toBe(true);
    expect(parseAuthSettings({}, config).secureCookies).toBe(false);
  });
});

describe('OIDC role mapping', () => {
  const oidc: OidcSettings = {
    issuer: 'https://id.example.com',
    clientId: 'c',
    clientSecret: 's',
    displayName: 'SSO',
    rolesClaim: 'groups',
    adminValues: ['hr-admins'],
    viewerValues: ['hr'],
  };
  it('maps groups to roles, admin first, and refuses everyone else', () => {
    expect(roleFromClaims({ groups: ['hr', 'hr-admins'] }, oidc)).toBe('hr-admin');
    expect(roleFromClaims({ groups: ['hr'] }, oidc)).toBe('viewer');
    expect(roleFromClaims({ groups: 'engineering hr' }, oidc)).toBe('viewer');
    expect(roleFromClaims({ groups: ['engineering'] }, oidc)).toBeUndefined();
    expect(roleFromClaims({}, oidc)).toBeUndefined();
  });
});

describe('users file', () => {
  it('creates the env admin with a bcrypt hash in a private file, and verifies passwords', async () => {
    const dataDir = tempDir();
    const log = vi.fn();
    ensureFirstAdmin({ dataDir, admin: { email: 'hr@example.com', password: 'correct horse battery' } }, log);
    const file = path.join(dataDir, 'users.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse battery');
    expect(readUsers(dataDir)[0]).toMatchObject({ email: 'hr@example.com', role: 'hr-admin', passwordHash: expect.stringMatching(/^\$2[aby]\$/) as string });
    expect(await verifyPassword(dataDir, 'HR@example.com', 'correct horse battery')).toEqual({ email: 'hr@example.com', name: 'hr@example.com', role: 'hr-admin', sessionVersion: 0 });
    expect(await verifyPassword(dataDir, 'hr@example.com', 'wrong')).toBeNull();
    expect(await verifyPassword(dataDir, 'nobody@example.com', 'correct horse battery')).toBeNull();
    // Same password again: nothing to write, nothing to say.
    ensureFirstAdmin({ dataDir, admin: { email: 'hr@example.com', password: 'correct horse battery' } }, log);
    expect(log).toHaveBeenCalledTimes(1);
    // bcrypt at production cost is slow on purpose.
  }, 30_000);

  it('generates a first admin once, its password in a private file and only the file named in the log', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    ensureFirstAdmin({ dataDir, admin: undefined }, (line) => lines.push(line));
    ensureFirstAdmin({ dataDir, admin: undefined }, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    const file = path.join(dataDir, FIRST_ADMIN_FILE);
    expect(lines[0]).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const password = /^password: (\S+)$/m.exec(text)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(text).toContain(`email: ${GENERATED_ADMIN_EMAIL}`);
    expect(lines[0]).not.toContain(password);
    expect(lines[0]).not.toContain(GENERATED_ADMIN_EMAIL);
    expect(await verifyPassword(dataDir, GENERATED_ADMIN_EMAIL, password)).toMatchObject({ role: 'hr-admin' });
  }, 30_000);

  it('leaves a file that already has an admin alone', () => {
    const dataDir = tempDir();
    writeUsers(dataDir, [{ email: 'boss@example.com', role: 'hr-admin', passwordHash: hashPassword('whatever-password', 4) }]);
    const log = vi.fn();
    ensureFirstAdmin({ dataDir, admin: undefined }, log);
    expect(log).not.toHaveBeenCalled();
    expect(readUsers(dataDir)).toHaveLength(1);
  });
});

describe('sign-in throttle: backs off, never locks a person out', () => {
  const { perAccount, perAddress } = SIGN_IN_BACKOFF;

  it('an account guessed at waits longer after each failure, but never more than 30 seconds', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < perAccount.freeFailures; i++) {
      expect(throttle.retryAfterSeconds(undefined, 'a@example.com')).toBe(0);
      throttle.recordFailure(undefined, 'a@example.com');
    }
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const wait = throttle.retryAfterSeconds(undefined, 'A@example.com ');
      waits.push(wait);
      now += wait * 1000;
      expect(throttle.retryAfterSeconds(undefined, 'a@example.com')).toBe(0);
      throttle.recordFailure(undefined, 'a@example.com');
    }
    expect(waits.slice(0, 4)).toEqual([5, 10, 20, 30]);
    expect(Math.max(...waits)).toBe(perAccount.maxDelayMs / 1000);
    // Other accounts are not affected; a quiet quarter of an hour forgets it all.
    expect(throttle.retryAfterSeconds(undefined, 'b@example.com')).toBe(0);
    now += perAccount.forgetAfterMs + 1;
    expect(throttle.retryAfterSeconds(undefined, 'a@example.com')).toBe(0);
  });

  it('an address that signed in to the account before is not slowed by a guesser elsewhere', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    throttle.recordSuccess('10.0.0.7', 'a@example.com');
    for (let i = 0; i < 50; i++) throttle.recordFailure(`192.0.2.${i}`, 'a@example.com');
    expect(throttle.retryAfterSeconds('203.0.113.9', 'a@example.com')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('10.0.0.7', 'a@example.com')).toBe(0);
    now += 1000;
    expect(throttle.retryAfterSeconds('10.0.0.7', 'a@example.com')).toBe(0);
  });

  it('an address spraying many accounts backs off for up to 15 minutes, alone', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < perAddress.freeFailures + 10; i++) throttle.recordFailure('198.51.100.1', `person${i}@example.com`);
    const wait = throttle.retryAfterSeconds('198.51.100.1', 'someone-new@example.com');
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThanOrEqual(perAddress.maxDelayMs / 1000);
    expect(throttle.retryAfterSeconds('198.51.100.2', 'someone-new@example.com')).toBe(0);
    now += perAddress.maxDelayMs;
    expect(throttle.retryAfterSeconds('198.51.100.1', 'someone-new@example.com')).toBe(0);
  });

  it('a success clears the account and the address', () => {
    const throttle = new SignInThrottle(() => 0);
    for (let i = 0; i < perAccount.freeFailures + 2; i++) throttle.recordFailure('10.0.0.1', 'a@example.com');
    expect(throttle.retryAfterSeconds('10.0.0.2', 'a@example.com')).toBeGreaterThan(0);
    throttle.recordSuccess('10.0.0.1', 'a@example.com');
    expect(throttle.retryAfterSeconds('10.0.0.2', 'a@example.com')).toBe(0);
  });
});

describe('bcrypt work is bounded', () => {
  it('runs two at once, queues sixteen, and refuses the rest at once', async () => {
    const gate = new WorkGate(2, 16);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      gate.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return 'done';
      });
    const accepted = Array.from({ length: 18 }, task);
    await expect(task()).rejects.toBeInstanceOf(BusyError);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(accepted)).toEqual(Array(18).fill('done'));
    expect(peak).toBe(2);
    // Freed again: a later sign-in runs.
    expect(await gate.run(() => Promise.resolve('later'))).toBe('later');
  });
});

describe('callback after sign-in: only paths on this site', () => {
  it.each([
    ['/onboardings/x', '/onboardings/x'],
    ['/onboardings/x?tab=1#log', '/onboardings/x?tab=1#log'],
    ['/', '/'],
    ['/a/../b', '/b'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['\\evil.example', '/'],
    ['/\tevil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['/\r\n/evil.example', '/'],
    ['\t//evil.example', '/'],
    [' //evil.example', '/'],
    ['/.//evil.example', '/'],
    ['/./\\evil.example', '/'],
    ['/\u0000/evil.example', '/'],
    ['https://evil.example', '/'],
    ['http://localhost:3000/onboardings', '/'],
    ['//localhost:3000/onboardings', '/'],
    ['javascript:alert(1)', '/'],
    ['/javascript:alert(1)', '/javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>', '/'],
    ['evil.example', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/onboardings'], '/'],
    [`/${'a'.repeat(3000)}`, '/'],
  ])('%j -> %j', (value, expected) => {
    const result = safeCallbackUrl(value);
    expect(result).toBe(expected);
    // Whatever it returns, a browser resolving it stays on this site.
    expect(new URL(result, 'https://dashboard.example').origin).toBe('https://dashboard.example');
  });
});

/**
 * The sign-in form's calls to next-auth (browser/sign-in.ts), which replace next-auth's client library:
 * the same requests, and the error codes the form turns into sentences. The auth e2e signs in for real.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInWithPassword } from '@/browser/sign-in';

type Call = { url: string; init?: RequestInit };

function fakeAuth(answer: { status: number; url?: string } | Error): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    if (url === '/api/auth/csrf') return Promise.resolve(Response.json({ csrfToken: 'csrf-123' }));
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(Response.json(answer.url === undefined ? {} : { url: answer.url }, { status: answer.status }));
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('signInWithPassword', () => {
  it('posts the e-mail, password, callback URL and CSRF token to the credentials callback, asking for JSON', async () => {
    const calls = fakeAuth({ status: 200, url: 'http://localhost:3000/onboardings/new' });
    expect(await signInWithPassword('hr@example.com', 'pw', '/onboardings/new')).toEqual({ ok: true });
    const post = calls.find((call) => call.url === '/api/auth/callback/credentials');
    expect(post?.init?.method).toBe('POST');
    const sent = post?.init?.body;
    expect(sent).toBeInstanceOf(URLSearchParams);
    const body = sent as URLSearchParams;
    expect(Object.fromEntries(body)).toEqual({
      email: 'hr@example.com',
      password: 'pw',
      callbackUrl: '/onboardings/new',
      csrfToken: 'csrf-123',
      json: 'true',
    });
  });

  it.each([
    ['a wrong password', 'http://localhost:3000/api/auth/error?error=CredentialsSignin', 'CredentialsSignin'],
    ['the throttle', 'http://localhost:3000/login?error=rate_limited%3A42', 'rate_limited:42'],
    ['an account without an HR role', 'http://localhost:3000/login?error=AccessDenied', 'AccessDenied'],
  ])('reports %s with next-auth’s error code', async (_what, url, error) => {
    fakeAuth({ status: 401, url });
    expect(await signInWithPassword('hr@example.com', 'wrong', '/')).toEqual({ ok: false, error });
  });

  it('reports a failure without a code when next-auth answers nothing usable or cannot be reached', async () => {
    fakeAuth({ status: 500 });
    expect(await signInWithPassword('hr@example.com', 'pw', '/')).toEqual({ ok: false, error: '' });
    fakeAuth(new TypeError('Failed to fetch'));
    expect(await signInWithPassword('hr@example.com', 'pw', '/')).toEqual({ ok: false, error: '' });
  });
});

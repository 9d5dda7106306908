/**
 * Signs out the way next-auth's own `signOut()` does (a CSRF token, then a form POST to its signout
 * endpoint), without loading next-auth's client library on every page: the header is on all of them,
 * and that library is about 13 kB gzipped of first-load JavaScript (docs/performance.md).
 * Its own module (browser/api.ts re-exports it), so the header does not carry the rest of the API client.
 * Whatever happens, the page then goes to `callbackUrl`, which shows whether the session is gone.
 */
// next-auth's own endpoints (sign-in is its business, not our API's); kept here so the header, which is
// on every page, loads nothing else.
const AUTH_CSRF_PATH = '/api/auth/csrf';
const AUTH_SIGN_OUT_PATH = '/api/auth/signout';

export async function signOut(callbackUrl: string): Promise<void> {
  try {
    const { csrfToken } = (await (await fetch(AUTH_CSRF_PATH)).json()) as { csrfToken?: unknown };
    await fetch(AUTH_SIGN_OUT_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: typeof csrfToken === 'string' ? csrfToken : '', callbackUrl, json: 'true' }),
    });
  } finally {
    window.location.assign(callbackUrl);
  }
}

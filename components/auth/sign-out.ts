/**
 * Signs out the way next-auth's own `signOut()` does (a CSRF token, then a form POST to its signout
 * endpoint), without loading next-auth's client library on every page: the header is on all of them,
 * and that library is about 13 kB gzipped of first-load JavaScript (docs/performance.md).
 */
const AUTH_BASE = '/api/auth';

export async function signOut(callbackUrl: string): Promise<void> {
  try {
    const { csrfToken } = (await (await fetch(`${AUTH_BASE}/csrf`)).json()) as { csrfToken?: unknown };
    await fetch(`${AUTH_BASE}/signout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: typeof csrfToken === 'string' ? csrfToken : '', callbackUrl, json: 'true' }),
    });
  } finally {
    // Whatever happened, leave the page: the sign-in page shows whether the session is gone.
    window.location.assign(callbackUrl);
  }
}

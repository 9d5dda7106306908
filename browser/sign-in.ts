/**
 * Signs in the way next-auth's own `signIn()` does (a CSRF token, then a form POST to its credentials
 * callback or provider sign-in endpoint, asking for JSON back), without loading next-auth's client
 * library on the sign-in page: that library is about 10 kB gzipped of first-load JavaScript
 * (docs/performance.md). browser/sign-out.ts does the same for signing out.
 */
const AUTH_CSRF_PATH = '/api/auth/csrf';
const AUTH_CREDENTIALS_CALLBACK_PATH = '/api/auth/callback/credentials';
const AUTH_OIDC_SIGN_IN_PATH = '/api/auth/signin/oidc';

/** `ok` when the session cookie is set; otherwise next-auth's error code (or ours), '' when it gave none. */
export type SignInResult = { ok: true } | { ok: false; error: string };

async function csrfToken(): Promise<string> {
  const body = (await (await fetch(AUTH_CSRF_PATH)).json()) as { csrfToken?: unknown };
  return typeof body.csrfToken === 'string' ? body.csrfToken : '';
}

/** POSTs a form to one of next-auth's endpoints with `json=true`; next-auth answers `{ url }`. */
async function postToAuth(path: string, fields: Record<string, string>): Promise<{ response: Response; url: string | null }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: 'true' }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: unknown };
  return { response, url: typeof body.url === 'string' ? body.url : null };
}

/** The `error` query parameter of the URL next-auth sends back (it points at the error page on failure). */
function errorOf(url: string | null): string | null {
  if (!url) return null;
  try {
    // next-auth answers with an absolute URL; the base only makes a relative one parseable.
    return new URL(url, 'http://localhost').searchParams.get('error');
  } catch {
    return null;
  }
}

/** E-mail and password: a failed sign-in comes back as a URL with `?error=<code>`. Never throws. */
export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<SignInResult> {
  try {
    const { response, url } = await postToAuth(AUTH_CREDENTIALS_CALLBACK_PATH, { email, password, callbackUrl });
    const error = errorOf(url);
    if (error !== null) return { ok: false, error };
    return response.ok ? { ok: true } : { ok: false, error: '' };
  } catch {
    return { ok: false, error: '' };
  }
}

/** The identity provider: next-auth answers with the provider's authorization URL, and the page goes there. */
export async function signInWithOidc(callbackUrl: string): Promise<void> {
  const { url } = await postToAuth(AUTH_OIDC_SIGN_IN_PATH, { callbackUrl });
  window.location.assign(url ?? callbackUrl);
}

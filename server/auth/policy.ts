/**
 * Who may call what. One table for the whole app, used by proxy.ts (before routing) and by the API's
 * route wrapper (again, inside the route), so the two can never disagree.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { authenticate, type Principal } from './principal';
import { isAllowedHost, requestHost, requestOrigin } from './request-origin';
import type { AuthSettings } from './settings';
import { bearerToken } from './tokens';

/**
 * - `public`: anyone (health check, the sign-in and set-password pages, next-auth's own endpoints, CORS
 *   preflights, the set-password route whose one-time link is the credential).
 * - `sandbox-service`: the simulated outside services the worker calls; they check their own simulated
 *   credential (SANDBOX_API_KEY), never a person's session.
 * - `link`: a person outside the dashboard holding a signed link: exactly `/act/<token>` and
 *   `/api/act/<token>`; the token is the credential, checked by the route. Cross-site POSTs are still refused.
 * - `read`: any signed-in user or API token (viewer or hr-admin).
 * - `change`: hr-admin only (and every method of /api/users: who may sign in is an admin's business).
 */
type Access = 'public' | 'sandbox-service' | 'link' | 'read' | 'change';

/** The link page and its API, one path segment after /act/ and nothing more. */
const LINK_PATH = /^(\/api)?\/act\/[^/]+$/;

const SANDBOX_SERVICE_PATH = /^\/api\/sandbox\/(email|llm|crm|slack)(\/|$)/;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export function requiredAccess(method: string, rawPathname: string): Access {
  const pathname = rawPathname.length > 1 ? rawPathname.replace(/\/+$/, '') : rawPathname;
  const verb = method.toUpperCase();
  // Health probes (load balancers, orchestrators) carry no credentials; they reveal no personal data.
  if (pathname === '/api/health' || pathname === '/api/health/live' || pathname === '/api/health/ready') return 'public';
  // next-auth's endpoints: sign-in itself, with its own CSRF token on every POST.
  if (pathname === '/api/auth' || pathname.startsWith('/api/auth/')) return 'public';
  if (SANDBOX_SERVICE_PATH.test(pathname)) return 'sandbox-service';
  if (LINK_PATH.test(pathname)) return 'link';
  // A one-time set-password link is its own credential (the person has no password yet).
  if (pathname === '/api/set-password') return 'public';
  // Who may sign in, and as what: HR admins only, reading included.
  if (pathname === '/api/users' || pathname.startsWith('/api/users/')) return 'change';
  if (pathname.startsWith('/api/temporal-codec/')) {
    // Decrypting payloads is reading personal data outside the dashboard's own views: admins only.
    return verb === 'OPTIONS' ? 'public' : 'change';
  }
  if (!isApiPath(pathname)) return pathname === '/login' || pathname === '/set-password' ? 'public' : 'read';
  return READ_METHODS.has(verb) ? 'read' : 'change';
}

/** The origins that may send state-changing requests to this path. */
function allowedOrigins(pathname: string, settings: Pick<AuthSettings, 'appOrigin' | 'temporalUiOrigin'>): string[] {
  return pathname.startsWith('/api/temporal-codec/') ? [settings.appOrigin, settings.temporalUiOrigin] : [settings.appOrigin];
}

/**
 * True when a browser tells us the request comes from another site. Browsers send `Origin` on every
 * cross-origin request and on every POST/PUT/DELETE; `Sec-Fetch-Site` backs it up. A request with
 * neither is not from a browser page (curl, scripts, the worker), and carries no ambient cookie risk.
 * The origin the request was sent to (scheme, host and port, compared whole) always counts as
 * same-origin, so http://127.0.0.1:3000 works even when APP_URL says localhost; the Host check has
 * already refused names this app does not answer to.
 */
function isCrossSite(request: Pick<Request, 'headers'>, allowed: string[], trustProxy = false): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') return true;
    if (allowed.includes(origin)) return false;
    return origin !== requestOrigin(request.headers, trustProxy);
  }
  const site = request.headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}

type AccessDecision =
  | { allowed: true; principal: Principal | undefined }
  | { allowed: false; status: 401 | 403; code: 'unauthenticated' | 'forbidden' | 'host_not_allowed'; message: string };

const MESSAGES = {
  unauthenticated: 'Sign in first, or send an API token as Authorization: Bearer <token>.',
  forbidden: 'Your role can view onboardings but not change them. Ask an HR admin.',
  crossSite: 'This request came from another site and was refused.',
  hostNotAllowed: 'This dashboard does not answer to that host name. Use one it knows, or add the name to ALLOWED_HOSTS.',
  sandboxCredential: 'The simulated service needs its own credential: Authorization: Bearer <SANDBOX_API_KEY>.',
} as const;

type PolicySettings = Pick<
  AuthSettings,
  'enabled' | 'apiTokens' | 'secret' | 'secureCookies' | 'appOrigin' | 'temporalUiOrigin' | 'sandboxApiKey' | 'allowedHosts' | 'trustProxy' | 'dataDir'
>;

/**
 * The Host check, which proxy.ts runs first on every request, pages and API alike, in every mode: a
 * refusal or `undefined`. (Route handlers do not repeat it: the matcher covers every path but build
 * assets, which hold no data.)
 */
export function hostRefusal(
  request: Pick<Request, 'headers'>,
  settings: Pick<AuthSettings, 'allowedHosts' | 'trustProxy'>,
): Extract<AccessDecision, { allowed: false }> | undefined {
  return isAllowedHost(requestHost(request.headers, settings.trustProxy), settings.allowedHosts)
    ? undefined
    : { allowed: false, status: 403, code: 'host_not_allowed', message: MESSAGES.hostNotAllowed };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The whole decision for one request: cross-site check, then who is calling, then what their role allows. */
export async function decideAccess(request: Pick<Request, 'headers' | 'url' | 'method'>, settings: PolicySettings): Promise<AccessDecision> {
  const { pathname } = new URL(request.url);
  const access = requiredAccess(request.method, pathname);
  const changes = !READ_METHODS.has(request.method.toUpperCase());

  if (access === 'sandbox-service') {
    if (!settings.enabled) return { allowed: true, principal: undefined };
    const presented = bearerToken(request.headers.get('authorization'));
    return presented && sameSecret(presented, settings.sandboxApiKey())
      ? { allowed: true, principal: undefined }
      : { allowed: false, status: 401, code: 'unauthenticated', message: MESSAGES.sandboxCredential };
  }
  if (access === 'public') return { allowed: true, principal: undefined };
  if (access === 'link') {
    if (changes && isCrossSite(request, allowedOrigins(pathname, settings))) {
      return { allowed: false, status: 403, code: 'forbidden', message: MESSAGES.crossSite };
    }
    return { allowed: true, principal: undefined };
  }

  // Refused whether or not sign-in is on: a local demo must not be drivable from any web page either.
  if (changes && isCrossSite(request, allowedOrigins(pathname, settings), settings.trustProxy)) {
    return { allowed: false, status: 403, code: 'forbidden', message: MESSAGES.crossSite };
  }

  const who = await authenticate(request, settings);
  const principal = who.status === 'authenticated' ? who.principal : undefined;
  if (who.status === 'invalid' && settings.enabled) {
    return { allowed: false, status: 401, code: 'unauthenticated', message: MESSAGES.unauthenticated };
  }
  if (!settings.enabled) return { allowed: true, principal };
  if (!principal) return { allowed: false, status: 401, code: 'unauthenticated', message: MESSAGES.unauthenticated };
  if (access === 'change' && principal.role !== 'hr-admin') {
    return { allowed: false, status: 403, code: 'forbidden', message: MESSAGES.forbidden };
  }
  return { allowed: true, principal };
}

/** The refusal as the API's one error envelope. */
export function refusalResponse(decision: Extract<AccessDecision, { allowed: false }>, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...extraHeaders };
  if (decision.status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return Response.json({ error: { code: decision.code, message: decision.message } }, { status: decision.status, headers });
}

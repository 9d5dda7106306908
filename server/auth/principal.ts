/**
 * Who is calling: an API token (Authorization: Bearer) or a signed-in user (next-auth's encrypted
 * session cookie). Both proxy.ts and the route wrapper ask this, each on its own, so a route stays
 * protected even if a matcher change ever let a request past the proxy.
 */
import { decode } from 'next-auth/jwt';
import { z } from 'zod';
import { roleSchema, sessionCookieName, type AuthSettings, type Role } from './settings';
import { bearerToken, matchApiToken, type TokenPrincipal } from './tokens';
import { findUser, isActive, readUsers, sessionVersionOf } from './user-store';

export interface UserPrincipal {
  kind: 'user';
  /** The user's e-mail: what the onboarding's events record as the actor. */
  name: string;
  role: Role;
}
export type Principal = UserPrincipal | TokenPrincipal;

/** `invalid` = credentials were presented and are wrong (a bad token); `anonymous` = none at all. */
type Authentication = { status: 'authenticated'; principal: Principal } | { status: 'anonymous' } | { status: 'invalid' };

/**
 * What our session JWT holds: the e-mail, the role at sign-in, `sv` (the user's session version then)
 * and `src` (`oidc` for single sign-on; absent for the built-in users).
 */
const sessionClaimsSchema = z.object({
  email: z.string().min(1),
  role: roleSchema,
  sv: z.number().int().nonnegative().optional(),
  src: z.literal('oidc').optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

/**
 * The session checked against the user file, on every request: a built-in user must still exist, be
 * active and have the session version the session was issued under (a role change, deactivation or
 * password reset bumps it), and their role is the file's, not the one at sign-in. A single-sign-on
 * session keeps the identity provider's role, unless the file marks that address deactivated.
 */
export function currentPrincipal(claims: SessionClaims, dataDir: string): UserPrincipal | null {
  let stored;
  try {
    stored = findUser(readUsers(dataDir), claims.email);
  } catch {
    // An unreadable user file lets nobody in rather than everybody.
    return null;
  }
  if (claims.src === 'oidc') {
    return stored && !isActive(stored) ? null : { kind: 'user', name: claims.email, role: claims.role };
  }
  if (!stored || !isActive(stored) || sessionVersionOf(stored) !== (claims.sv ?? 0)) return null;
  return { kind: 'user', name: stored.email, role: stored.role };
}

function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    const name = part.slice(0, separator).trim();
    const raw = part.slice(separator + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

/** next-auth splits a long session into `name.0`, `name.1`...; joined in order they are the token. */
export function sessionTokenFrom(cookies: Map<string, string>, cookieName: string): string | undefined {
  const whole = cookies.get(cookieName);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${cookieName}.${index}`); index++) chunks.push(cookies.get(`${cookieName}.${index}`) ?? '');
  return chunks.length > 0 ? chunks.join('') : undefined;
}

export async function sessionPrincipal(token: string, settings: { secret: string; dataDir: string }): Promise<UserPrincipal | null> {
  let decoded: unknown;
  try {
    decoded = await decode({ token, secret: settings.secret });
  } catch {
    // Expired, tampered or from another secret: the same as no session.
    return null;
  }
  const claims = sessionClaimsSchema.safeParse(decoded);
  return claims.success ? currentPrincipal(claims.data, settings.dataDir) : null;
}

export async function authenticate(
  request: Pick<Request, 'headers'>,
  settings: Pick<AuthSettings, 'apiTokens' | 'secret' | 'secureCookies' | 'dataDir'>,
): Promise<Authentication> {
  const token = bearerToken(request.headers.get('authorization'));
  if (token !== undefined) {
    // A presented token decides alone: a wrong one is refused even if a session cookie rides along.
    const principal = token ? matchApiToken(token, settings.apiTokens) : null;
    return principal ? { status: 'authenticated', principal } : { status: 'invalid' };
  }
  if (!settings.secret) return { status: 'anonymous' };
  const session = sessionTokenFrom(parseCookieHeader(request.headers.get('cookie')), sessionCookieName(settings));
  if (!session) return { status: 'anonymous' };
  const principal = await sessionPrincipal(session, { secret: settings.secret, dataDir: settings.dataDir });
  return principal ? { status: 'authenticated', principal } : { status: 'anonymous' };
}

import 'server-only';
/**
 * next-auth (v4) configuration: e-mail and password against the local user file, plus any OpenID
 * Connect provider when OIDC_* is set. Sessions are JWTs encrypted with AUTH_SECRET in an HTTP-only,
 * SameSite=Lax cookie (Secure and `__Secure-` prefixed over HTTPS), valid for one working day.
 */
import type { AuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { z } from 'zod';
import { BusyError, SignInThrottle } from './rate-limit';
import { clientAddress } from './request-origin';
import { roleSchema, getAuthSettings, type AuthSettings, type OidcSettings, type Role } from './settings';
import { ensureFirstAdmin, verifyPassword, type SignedInUser } from './users';

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
/** Prefix of the error a throttled sign-in reports; the sign-in page turns it into a sentence. */
const RATE_LIMITED_ERROR = 'rate_limited';
/** The error a sign-in reports when it could not be checked (the reason is in the server log only). */
const SIGN_IN_UNAVAILABLE_ERROR = 'sign_in_unavailable';

const throttle = new SignInThrottle();
let prepared = false;

/** Creates the first admin (once per process). Called at server start and again, harmlessly, on first use. */
export function prepareSignIn(settings: AuthSettings = getAuthSettings()): void {
  if (prepared || !settings.enabled) return;
  prepared = true;
  ensureFirstAdmin(settings);
}

/** next-auth hands authorize() the headers as a plain object. */
function headerSource(headers: Record<string, unknown> | undefined): Pick<Headers, 'get'> {
  return {
    get: (name: string) => {
      const value = headers?.[name.toLowerCase()];
      return typeof value === 'string' ? value : null;
    },
  };
}

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) });
const userWithRoleSchema = z.object({ email: z.string(), role: roleSchema, sessionVersion: z.number().int().nonnegative().optional() });

/** Maps the identity provider's roles/groups claim to our role; `undefined` = not HR staff, no access. */
export function roleFromClaims(claims: Record<string, unknown>, oidc: OidcSettings): Role | undefined {
  const raw = claims[oidc.rolesClaim];
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  if (values.some((v) => oidc.adminValues.includes(v))) return 'hr-admin';
  if (values.some((v) => oidc.viewerValues.includes(v))) return 'viewer';
  return undefined;
}

function oidcProvider(oidc: OidcSettings): OAuthConfig<Record<string, unknown>> {
  return {
    id: 'oidc',
    name: oidc.displayName,
    type: 'oauth',
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    profile(profile) {
      const email = typeof profile.email === 'string' ? profile.email : '';
      const user: User & { role?: Role } = {
        id: typeof profile.sub === 'string' ? profile.sub : email,
        email,
        name: typeof profile.name === 'string' ? profile.name : email,
        role: roleFromClaims(profile, oidc),
      };
      return user;
    },
  };
}

function buildAuthOptions(settings: AuthSettings): AuthOptions {
  return {
    secret: settings.secret,
    useSecureCookies: settings.secureCookies,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'E-mail and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const address = clientAddress(headerSource(request.headers), settings.trustProxy);
          const wait = throttle.retryAfterSeconds(address, email);
          if (wait > 0) throw new Error(`${RATE_LIMITED_ERROR}:${wait}`);
          let user: SignedInUser | null;
          try {
            prepareSignIn(settings);
            user = await verifyPassword(settings.dataDir, email, password);
          } catch (error) {
            if (error instanceof BusyError) throw new Error(`${RATE_LIMITED_ERROR}:1`);
            // next-auth passes a thrown message to the browser: only a code leaves, the detail stays here.
            console.error('[auth] sign-in could not be checked:', error);
            throw new Error(SIGN_IN_UNAVAILABLE_ERROR);
          }
          if (!user) {
            throttle.recordFailure(address, email);
            // No e-mail address in logs: which account was tried is personal data, and a typo may be a password.
            console.warn(`[auth] failed sign-in${address ? ` from ${address}` : ''}`);
            return null;
          }
          throttle.recordSuccess(address, email);
          const signedIn: User & { role: Role; sessionVersion: number } = {
            id: user.email,
            email: user.email,
            name: user.name,
            role: user.role,
            sessionVersion: user.sessionVersion,
          };
          return signedIn;
        },
      }),
      ...(settings.oidc ? [oidcProvider(settings.oidc)] : []),
    ],
    callbacks: {
      // Someone the identity provider knows but who holds no HR role gets no session at all.
      signIn: ({ user }) => userWithRoleSchema.safeParse(user).success,
      // The claims server/auth/principal.ts checks against the user file on every request.
      jwt: ({ token, user, account }) => {
        const signedIn = userWithRoleSchema.safeParse(user);
        if (!signedIn.success) return token;
        const { email, role, sessionVersion } = signedIn.data;
        return account?.provider === 'oidc' ? { ...token, email, role, src: 'oidc' } : { ...token, email, role, sv: sessionVersion ?? 0 };
      },
      session: ({ session, token }) => {
        const claims = userWithRoleSchema.safeParse(token);
        return claims.success
          ? { ...session, user: { ...session.user, email: claims.data.email }, role: claims.data.role }
          : session;
      },
    },
  };
}

let cached: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  const settings = getAuthSettings();
  // next-auth builds its callback URLs from NEXTAUTH_URL; APP_URL is our one source for the public URL.
  process.env.NEXTAUTH_URL ??= new URL(settings.appOrigin).toString();
  prepareSignIn(settings);
  cached ??= buildAuthOptions(settings);
  return cached;
}

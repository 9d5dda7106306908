/**
 * Sign-in settings from the environment. Sign-in is on exactly when AUTH_SECRET is set; without it the
 * app runs open as a local demo (and says so on every page). Parsed once; a bad value throws a
 * ConfigError naming the variable, which instrumentation.ts turns into a stop at start.
 * No `server-only` import: proxy.ts and unit tests load this too.
 */
import { z } from 'zod';
import { ConfigError, getConfig, type AppConfig } from '../../common/config';
import { sandboxApiKey } from '../../common/sandbox-key';

export const ROLES = ['hr-admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export interface ApiTokenEntry {
  token: string;
  role: Role;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button. */
  displayName: string;
  /** The ID-token claim that holds the user's groups or roles (a string or a list of strings). */
  rolesClaim: string;
  adminValues: string[];
  viewerValues: string[];
}

export interface AuthSettings {
  enabled: boolean;
  secret: string | undefined;
  apiTokens: ApiTokenEntry[];
  admin: { email: string; password: string } | undefined;
  oidc: OidcSettings | undefined;
  /** The app's own origin (from APP_URL): mutations from any other origin are refused. */
  appOrigin: string;
  /** The Temporal Web UI's origin: it may call the codec endpoint. */
  temporalUiOrigin: string;
  /** Cookies get the Secure flag and `__Secure-` prefix when the app is served over HTTPS. */
  secureCookies: boolean;
  /** Host names a request may be addressed to (HOST header check); see common/config.ts. */
  allowedHosts: string[];
  /** X-Forwarded-For/-Host/-Proto count (TRUST_PROXY=1). */
  trustProxy: boolean;
  dataDir: string;
  /**
   * The simulated services' own credential (SANDBOX_API_KEY, else generated in DATA_DIR; see
   * common/sandbox-key.ts), required from their callers while sign-in is on, the way a real provider
   * wants its API key. Read on first use (nothing checks it while sign-in is off, and no file is
   * created then).
   */
  sandboxApiKey: () => string;
}
const MIN_SECRET_LENGTH = 32;
const MIN_PASSWORD_LENGTH = 12;

const list = (value: string | undefined, fallback: string[]): string[] =>
  value === undefined || value.trim() === ''
    ? fallback
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

/** "token:role,token:role". Errors point at the entry by position, never by its (secret) text. */
export function parseApiTokens(value: string | undefined): ApiTokenEntry[] {
  if (value === undefined || value.trim() === '') return [];
  const entries = value.split(',').map((entry) => entry.trim());
  const problems: string[] = [];
  const tokens = entries.flatMap((entry, index): ApiTokenEntry[] => {
    const separator = entry.lastIndexOf(':');
    const token = separator === -1 ? '' : entry.slice(0, separator);
    const role = roleSchema.safeParse(separator === -1 ? '' : entry.slice(separator + 1));
    if (!token || /\s/.test(token) || !role.success) {
      problems.push(`API_TOKENS: entry ${index + 1} must be token:role with role hr-admin or viewer`);
      return [];
    }
    if (token.length < 16) {
      problems.push(`API_TOKENS: the token of entry ${index + 1} is too short; use at least 16 random characters`);
      return [];
    }
    return [{ token, role: role.data }];
  });
  if (new Set(tokens.map((t) => t.token)).size !== tokens.length) problems.push('API_TOKENS: a token appears twice');
  if (problems.length > 0) throw new ConfigError(problems);
  return tokens;
}

export function parseAuthSettings(env: Record<string, string | undefined>, config: AppConfig): AuthSettings {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const problems: string[] = [];
  const secret = value('AUTH_SECRET');
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    problems.push(`AUTH_SECRET: use at least ${MIN_SECRET_LENGTH} random characters (for example: openssl rand -base64 32)`);
  }

  const adminEmail = value('ADMIN_EMAIL');
  const adminPassword = value('ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push(`${adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}: set ADMIN_EMAIL and ADMIN_PASSWORD together`);
  }
  if (adminEmail !== undefined && !z.email().safeParse(adminEmail).success) problems.push('ADMIN_EMAIL: must be an email address');
  if (adminPassword !== undefined && adminPassword.length < MIN_PASSWORD_LENGTH) {
    problems.push(`ADMIN_PASSWORD: use at least ${MIN_PASSWORD_LENGTH} characters`);
  }

  const issuer = value('OIDC_ISSUER');
  const clientId = value('OIDC_CLIENT_ID');
  const clientSecret = value('OIDC_CLIENT_SECRET');
  const oidcParts = [issuer, clientId, clientSecret].filter((v) => v !== undefined).length;
  if (oidcParts !== 0 && oidcParts !== 3) {
    problems.push('OIDC_ISSUER: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together');
  }
  if (issuer !== undefined && !z.url().safeParse(issuer).success) problems.push('OIDC_ISSUER: must be the issuer URL');

  let apiTokens: ApiTokenEntry[] = [];
  try {
    apiTokens = parseApiTokens(value('API_TOKENS'));
  } catch (error) {
    if (error instanceof ConfigError) problems.push(...error.problems);
    else throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const appUrl = new URL(config.appUrl);
  return {
    enabled: secret !== undefined,
    secret,
    apiTokens,
    admin: adminEmail !== undefined && adminPassword !== undefined ? { email: adminEmail.toLowerCase(), password: adminPassword } : undefined,
    oidc:
      issuer !== undefined && clientId !== undefined && clientSecret !== undefined
        ? {
            issuer: issuer.replace(/\/+$/, ''),
            clientId,
            clientSecret,
            displayName: value('OIDC_DISPLAY_NAME') ?? 'single sign-on',
            rolesClaim: value('OIDC_ROLES_CLAIM') ?? 'roles',
            adminValues: list(value('OIDC_ADMIN_VALUES'), ['hr-admin']),
            viewerValues: list(value('OIDC_VIEWER_VALUES'), ['viewer']),
          }
        : undefined,
    appOrigin: appUrl.origin,
    temporalUiOrigin: new URL(config.temporalUiUrl).origin,
    secureCookies: appUrl.protocol === 'https:',
    allowedHosts: config.allowedHosts,
    trustProxy: config.trustProxy,
    dataDir: config.DATA_DIR,
    sandboxApiKey: memoised(() => sandboxApiKey({ SANDBOX_API_KEY: value('SANDBOX_API_KEY'), DATA_DIR: config.DATA_DIR })),
  };
}

function memoised(read: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= read());
}

let cached: AuthSettings | undefined;

export function getAuthSettings(): AuthSettings {
  cached ??= parseAuthSettings(process.env, getConfig());
  return cached;
}

/** Name of the session cookie next-auth sets (it splits big values into `.0`, `.1`... chunks). */
export function sessionCookieName(settings: Pick<AuthSettings, 'secureCookies'>): string {
  return `${settings.secureCookies ? '__Secure-' : ''}next-auth.session-token`;
}

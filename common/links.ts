/**
 * Signed links for people outside the dashboard: `APP_URL/act/<token>`. The worker signs a
 * link when a task opens; the web app checks it when the owner opens it. A token is
 * `<payload>.<signature>`, both base64url: the payload names the run, the step, a nonce and the expiry;
 * the signature is HMAC-SHA256 over the payload with a secret both processes read from DATA_DIR.
 *
 * The owner's address is not in the token (a URL ends up in logs and browser histories): the nonce is
 * made by the workflow for one owner's link and kept on the step, so a token binds to that owner through
 * it, and the workflow accepts the nonce once (single use survives restarts and several web instances).
 * Used by the web process and the worker; no `server-only` here because the worker runs outside Next.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from './private-files';

export interface LinkClaims {
  /** Workflow ID and run ID: a link is bound to one run. */
  workflowId: string;
  runId: string;
  step: string;
  nonce: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export const LINK_SECRET_FILE = 'link-secret';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function signature(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`act-link:${payload}`, 'utf8').digest();
}

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = base64url(JSON.stringify({ w: claims.workflowId, r: claims.runId, s: claims.step, n: claims.nonce, e: claims.expiresAt }));
  return `${payload}.${base64url(signature(payload, secret))}`;
}

/** The claims of a token this secret signed, or undefined for anything else (forged, cut, garbled). */
export function verifyLink(token: string, secret: string): LinkClaims | undefined {
  if (token.length > 1000) return undefined;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const expected = signature(payload, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { w, r, s, n, e } = raw;
    if (typeof w !== 'string' || typeof r !== 'string' || typeof s !== 'string' || typeof n !== 'string' || typeof e !== 'number') {
      return undefined;
    }
    return { workflowId: w, runId: r, step: s, nonce: n, expiresAt: e };
  } catch {
    return undefined;
  }
}

/** LINK_SECRET when set, else a random secret created once in DATA_DIR (mode 0600) and shared by web and worker. */
export function linkSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const secret = readOrCreateSecretFile(dataDir, LINK_SECRET_FILE, () => randomBytes(32).toString('hex'));
  if (secret.length < 32) throw new Error(`${path.join(dataDir, LINK_SECRET_FILE)} holds no usable secret; delete it to create a new one`);
  return secret;
}

export function linkUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/act/${token}`;
}

/**
 * API tokens (`Authorization: Bearer <token>`). Compared in constant time: both sides are hashed to a
 * fixed length first, and every configured token is compared, so timing says nothing about which
 * token (or how much of one) matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiTokenEntry, Role } from './settings';

export interface TokenPrincipal {
  kind: 'token';
  /** A stable, non-secret name for the events: a short fingerprint of the token. */
  name: string;
  role: Role;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenName(token: string): string {
  return `api-token:${digest(token).toString('hex').slice(0, 8)}`;
}

export function matchApiToken(presented: string, tokens: readonly ApiTokenEntry[]): TokenPrincipal | null {
  const presentedDigest = digest(presented);
  let match: ApiTokenEntry | null = null;
  for (const entry of tokens) {
    if (timingSafeEqual(presentedDigest, digest(entry.token)) && match === null) match = entry;
  }
  return match ? { kind: 'token', name: tokenName(match.token), role: match.role } : null;
}

/** The token of an `Authorization: Bearer ...` header; `undefined` when the header is absent or another scheme. */
export function bearerToken(authorization: string | null): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? '';
}

import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from '@/common/private-files';
import { getConfig } from '@/server/env';

/**
 * Name search without names in Temporal's visibility store (search attributes are never encrypted):
 * each normalised word of the name is stored as a keyed hash, HMAC-SHA256(secret, word), truncated to
 * 64 bits of hex. Without the secret the hashes cannot be tested against a dictionary of names; with
 * 64 bits, collisions between two real words are negligible. Changing the secret makes older
 * onboardings unfindable by name (ID search still works), so it is kept in DATA_DIR when not configured.
 */
const TOKEN_HEX_LENGTH = 16;
/** Bounds the search attribute's size (2 KB per value); a 120-character name cannot reach it. */
const MAX_TOKENS = 24;

/** The words of a name, case- and accent-insensitive: "Zoë O'Brien" -> ["zoe", "o", "brien"]; "李" stays "李". */
export function normaliseNameWords(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)];
}

export function hashNameWord(word: string, secret: string): string {
  return createHmac('sha256', secret).update(word, 'utf8').digest('hex').slice(0, TOKEN_HEX_LENGTH);
}

export function nameTokens(name: string, secret: string = searchSecret()): string[] {
  return normaliseNameWords(name)
    .slice(0, MAX_TOKENS)
    .map((word) => hashNameWord(word, secret));
}

const SECRET_FILE = 'search-secret';
let cachedSecret: string | undefined;

/** SEARCH_HMAC_SECRET, else AUTH_SECRET, else a random secret created once in DATA_DIR (mode 0600). */
export function searchSecret(): string {
  if (cachedSecret) return cachedSecret;
  const config = getConfig();
  cachedSecret = config.SEARCH_HMAC_SECRET ?? config.AUTH_SECRET ?? searchSecretFile(config.DATA_DIR);
  return cachedSecret;
}

function searchSecretFile(dataDir: string): string {
  const secret = readOrCreateSecretFile(dataDir, SECRET_FILE, () => randomBytes(32).toString('hex'));
  if (secret.length < 32) throw new Error(`${path.join(dataDir, SECRET_FILE)} holds no usable secret; delete it to create a new one`);
  return secret;
}

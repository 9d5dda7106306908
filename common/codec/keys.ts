/**
 * Payload encryption keys: from PAYLOAD_ENCRYPTION_KEYS ("keyId:base64-32-bytes,..."; the first key
 * encrypts, every key decrypts, which is how keys rotate) or, when that is unset, one key generated on
 * first use in `${DATA_DIR}/payload-key`, so a local stack is encrypted without any setup.
 * Used by the web process and the worker; no `server-only` here because the worker runs outside Next.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files';

const PAYLOAD_KEYS_VARIABLE = 'PAYLOAD_ENCRYPTION_KEYS';
const PAYLOAD_KEY_FILE = 'payload-key';
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** The keys to use: `encrypting` is the newest, `byId` holds every key that may still decrypt. */
export interface PayloadKeyring {
  encrypting: PayloadKey;
  byId: ReadonlyMap<string, Buffer>;
  /** Where the keys came from, for the startup log line (never the keys themselves). */
  source: 'environment' | 'file';
}

export class PayloadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyError';
  }
}

/** Parses "keyId:base64,keyId:base64"; throws a message that names the variable and the bad entry (not the key). */
export function parsePayloadKeys(value: string, variable = PAYLOAD_KEYS_VARIABLE): PayloadKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new PayloadKeyError(`${variable}: give at least one key as keyId:base64`);
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator === -1 ? '' : entry.slice(0, separator);
    const encoded = separator === -1 ? '' : entry.slice(separator + 1);
    if (!KEY_ID.test(id)) {
      throw new PayloadKeyError(
        `${variable}: entry ${index + 1} must look like keyId:base64 with a key ID of letters, digits, ".", "_" or "-"`,
      );
    }
    if (seen.has(id)) throw new PayloadKeyError(`${variable}: key ID "${id}" appears twice`);
    seen.add(id);
    const key = Buffer.from(encoded, 'base64');
    // Buffer.from ignores bad characters, so re-encoding is the only way to tell a typo from a key.
    if (key.length !== KEY_BYTES || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
      throw new PayloadKeyError(
        `${variable}: key "${id}" must be ${KEY_BYTES} random bytes in base64 (for example: openssl rand -base64 32)`,
      );
    }
    return { id, key };
  });
}

export function keyringOf(keys: PayloadKey[], source: PayloadKeyring['source']): PayloadKeyring {
  const [encrypting] = keys;
  if (!encrypting) throw new PayloadKeyError(`${PAYLOAD_KEYS_VARIABLE}: give at least one key as keyId:base64`);
  return { encrypting, byId: new Map(keys.map((k) => [k.id, k.key])), source };
}

/** A new key line in the same format as the variable, so it can be moved into PAYLOAD_ENCRYPTION_KEYS as is. */
function generatePayloadKeyLine(): string {
  return `local-${randomBytes(4).toString('hex')}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * Reads `${dataDir}/payload-key`, creating it first when missing. Creation is atomic (write a private
 * temporary file, then hard-link it into place, which fails if another process won the race), so the
 * web process and the worker starting together always end up with the same key.
 */
export function readOrCreateKeyFile(dataDir: string): PayloadKey[] {
  const file = path.resolve(dataDir, PAYLOAD_KEY_FILE);
  try {
    return parsePayloadKeys(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  ensurePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generatePayloadKeyLine()}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (!isAlreadyThere(error)) throw error;
  } finally {
    unlinkSync(temporary);
  }
  return parsePayloadKeys(readFileSync(file, 'utf8'), file);
}

export interface PayloadKeySettings {
  /** The raw PAYLOAD_ENCRYPTION_KEYS value, if set. */
  keys?: string | undefined;
  dataDir: string;
}

export function loadPayloadKeyring(settings: PayloadKeySettings): PayloadKeyring {
  if (settings.keys !== undefined && settings.keys.trim() !== '') {
    return keyringOf(parsePayloadKeys(settings.keys), 'environment');
  }
  return keyringOf(readOrCreateKeyFile(settings.dataDir), 'file');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
function isMissingFile(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}
function isAlreadyThere(error: unknown): boolean {
  return errorCode(error) === 'EEXIST';
}

/**
 * DATA_DIR holds keys, the user file, logs and the sandbox's deliveries (names and e-mail addresses):
 * folders in it are created 0700 and files 0600, readable by the user running the app and no one else,
 * whatever the umask. Used by the web process, the worker and the supervisor (no `server-only`).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Creates `dir` (and missing parents) and makes `dir` itself 0700, also when it already existed with
 * wider permissions (a DATA_DIR from an older version). Parents are left alone: they may be shared.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes an existing file 0600 (mode options of open/write apply only when the file is created). */
export function restrictFile(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Reads a secret file in `dataDir`, creating it first with `generate()` when it is missing. Creation is
 * atomic (a private temporary file hard-linked into place, which fails if another process won the
 * race), so two processes starting together (web app and worker) always end up with the same value.
 */
export function readOrCreateSecretFile(dataDir: string, name: string, generate: () => string): string {
  const file = path.resolve(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  ensurePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generate()}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The built-in user directory on disk: `${DATA_DIR}/users.json` (mode 0600). Read on every request that
 * carries a session (proxy.ts and the API wrapper check the session against it, so a deactivated or
 * demoted person loses access on their next request), hence cached by the file's identity and mtime.
 * No `server-only` import: proxy.ts and unit tests load this too.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../common/private-files';
import { roleSchema } from './settings';

export const USERS_FILE = 'users.json';

const storedUserSchema = z.object({
  email: z.string(),
  role: roleSchema,
  /** Absent until the person sets a password through their one-time link. */
  passwordHash: z.string().optional(),
  name: z.string().optional(),
  active: z.boolean().optional(),
  /**
   * Sessions carry the version they were issued under; a role change, deactivation or password reset
   * bumps it, which ends every session issued before.
   */
  sessionVersion: z.number().int().nonnegative().optional(),
  /** A pending one-time set-password link: the SHA-256 of its token (never the token) and its expiry. */
  setPassword: z.object({ tokenHash: z.string(), expiresAt: z.string() }).optional(),
});
const usersFileSchema = z.object({ users: z.array(storedUserSchema) });
export type StoredUser = z.infer<typeof storedUserSchema>;

export function usersFilePath(dataDir: string): string {
  return path.resolve(dataDir, USERS_FILE);
}

let cache: { file: string; stamp: string; users: StoredUser[] } | undefined;

function stampOf(file: string): string | undefined {
  try {
    const stats = statSync(file, { bigint: true });
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function readUsers(dataDir: string): StoredUser[] {
  const file = usersFilePath(dataDir);
  const stamp = stampOf(file);
  if (stamp === undefined) return [];
  if (cache?.file === file && cache.stamp === stamp) return cache.users;
  const parsed = usersFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid users file: ${parsed.error.message}`);
  cache = { file, stamp, users: parsed.data.users };
  return parsed.data.users;
}

/** Replaces the file atomically (write beside it, then rename) and keeps it private to this user. */
export function writeUsers(dataDir: string, users: StoredUser[]): void {
  const file = usersFilePath(dataDir);
  ensurePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(temporary, file);
  cache = undefined;
}

export function findUser(users: readonly StoredUser[], email: string): StoredUser | undefined {
  const wanted = email.trim().toLowerCase();
  return users.find((user) => user.email.toLowerCase() === wanted);
}

export const isActive = (user: StoredUser): boolean => user.active !== false;
export const sessionVersionOf = (user: StoredUser): number => user.sessionVersion ?? 0;

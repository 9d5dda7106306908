import 'server-only';
/**
 * The built-in user directory: `${DATA_DIR}/users.json`, passwords stored as bcrypt hashes.
 * The first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or, when those are unset and the file has no
 * admin yet, is generated once, with its password in `${DATA_DIR}/first-admin-password` (mode 0600);
 * the log names only that file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { roleSchema, type AuthSettings, type Role } from './settings';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictFile } from '@/common/private-files';

export const USERS_FILE = 'users.json';
export const GENERATED_ADMIN_EMAIL = 'admin@onboarding.local';
/** Where a generated first admin's password is written (mode 0600), instead of a log. */
export const FIRST_ADMIN_FILE = 'first-admin-password';
const BCRYPT_COST = 12;

const storedUserSchema = z.object({
  email: z.string(),
  role: roleSchema,
  passwordHash: z.string(),
  name: z.string().optional(),
});
const usersFileSchema = z.object({ users: z.array(storedUserSchema) });
export type StoredUser = z.infer<typeof storedUserSchema>;

export interface SignedInUser {
  email: string;
  name: string;
  role: Role;
}

export function usersFilePath(dataDir: string): string {
  return path.resolve(dataDir, USERS_FILE);
}

export function readUsers(dataDir: string): StoredUser[] {
  let text: string;
  try {
    text = readFileSync(usersFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = usersFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${usersFilePath(dataDir)} is not a valid users file: ${parsed.error.message}`);
  return parsed.data.users;
}

/** Replaces the file atomically (write beside it, then rename) and keeps it private to this user. */
export function writeUsers(dataDir: string, users: StoredUser[]): void {
  const file = usersFilePath(dataDir);
  ensurePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function hashPassword(password: string, cost = BCRYPT_COST): string {
  return bcrypt.hashSync(password, cost);
}

/**
 * Makes sure an admin can sign in: the env-configured admin is created or has its password brought in
 * line with ADMIN_PASSWORD; otherwise, if the file holds no admin, one is generated and announced once.
 */
export function ensureFirstAdmin(
  settings: Pick<AuthSettings, 'admin' | 'dataDir'>,
  log: (line: string) => void = (line) => console.warn(line),
): void {
  const users = readUsers(settings.dataDir);
  if (settings.admin) {
    const { email, password } = settings.admin;
    const existing = users.find((u) => u.email.toLowerCase() === email);
    if (existing && existing.role === 'hr-admin' && bcrypt.compareSync(password, existing.passwordHash)) return;
    const admin: StoredUser = { email, role: 'hr-admin', passwordHash: hashPassword(password), name: existing?.name };
    writeUsers(settings.dataDir, [...users.filter((u) => u !== existing), admin]);
    log('[auth] the admin from ADMIN_EMAIL/ADMIN_PASSWORD is set');
    return;
  }
  if (users.some((u) => u.role === 'hr-admin')) return;
  const password = randomBytes(15).toString('base64url');
  // The password goes to a file only this user can read, never into a log: logs get copied and shipped.
  const file = path.resolve(settings.dataDir, FIRST_ADMIN_FILE);
  writeFileSync(
    file,
    `# The first admin of the Onboarding Dashboard. Sign in with these, then delete this file.\n` +
      `# Set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own.\nemail: ${GENERATED_ADMIN_EMAIL}\npassword: ${password}\n`,
    { mode: PRIVATE_FILE_MODE },
  );
  restrictFile(file);
  writeUsers(settings.dataDir, [...users, { email: GENERATED_ADMIN_EMAIL, role: 'hr-admin', passwordHash: hashPassword(password), name: 'Admin' }]);
  log(`[auth] First admin created: its e-mail and password are in ${file} (readable by you only); delete the file once you have signed in.`);
}

// A real hash of a random password: comparing against it for unknown e-mails makes a wrong e-mail
// take as long as a wrong password, so response times do not reveal which accounts exist.
const DECOY_HASH = hashPassword(randomBytes(12).toString('hex'), BCRYPT_COST);

export async function verifyPassword(dataDir: string, email: string, password: string): Promise<SignedInUser | null> {
  const wanted = email.trim().toLowerCase();
  const user = readUsers(dataDir).find((u) => u.email.toLowerCase() === wanted);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !ok) return null;
  return { email: user.email, name: user.name ?? user.email, role: user.role };
}

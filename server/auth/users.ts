import 'server-only';
/**
 * The built-in user directory: `${DATA_DIR}/users.json`, passwords stored as bcrypt hashes.
 * The first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or, when those are unset and the file has no
 * admin yet, is generated once and its password printed once to the web log.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { roleSchema, type AuthSettings, type Role } from './settings';

const USERS_FILE = 'users.json';
export const GENERATED_ADMIN_EMAIL = 'admin@onboarding.local';
const BCRYPT_COST = 12;

const storedUserSchema = z.object({
  email: z.string(),
  role: roleSchema,
  passwordHash: z.string(),
  name: z.string().optional(),
});
const usersFileSchema = z.object({ users: z.array(storedUserSchema) });
type StoredUser = z.infer<typeof storedUserSchema>;

interface SignedInUser {
  email: string;
  name: string;
  role: Role;
}

function usersFilePath(dataDir: string): string {
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
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
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
    log(`[auth] admin ${email} set from ADMIN_EMAIL/ADMIN_PASSWORD`);
    return;
  }
  if (users.some((u) => u.role === 'hr-admin')) return;
  const password = randomBytes(15).toString('base64url');
  writeUsers(settings.dataDir, [...users, { email: GENERATED_ADMIN_EMAIL, role: 'hr-admin', passwordHash: hashPassword(password), name: 'Admin' }]);
  log(
    `[auth] First admin created — sign in as ${GENERATED_ADMIN_EMAIL} with password ${password}\n` +
      `[auth] This password is shown only once. Set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own.`,
  );
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

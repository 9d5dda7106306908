import 'server-only';
/**
 * The built-in user directory: `${DATA_DIR}/users.json`, passwords stored as bcrypt hashes.
 * The first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or, when those are unset and the file has no
 * admin yet, is generated once, with its password in `${DATA_DIR}/first-admin-password` (mode 0600);
 * the log names only that file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { PRIVATE_FILE_MODE, restrictFile } from '@/common/private-files';
import type { AuthSettings, Role } from './settings';
import { WorkGate } from './rate-limit';
import { findUser, isActive, readUsers, sessionVersionOf, writeUsers, type StoredUser } from './user-store';

export { USERS_FILE, readUsers, writeUsers, usersFilePath, type StoredUser } from './user-store';
export const GENERATED_ADMIN_EMAIL = 'admin@onboarding.local';
/** Where a generated first admin's password is written (mode 0600), instead of a log. */
export const FIRST_ADMIN_FILE = 'first-admin-password';
const BCRYPT_COST = 12;

export interface SignedInUser {
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
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
    const existing = findUser(users, email);
    if (existing?.role === 'hr-admin' && isActive(existing) && existing.passwordHash && bcrypt.compareSync(password, existing.passwordHash)) return;
    // The break-glass account: ADMIN_EMAIL is an active HR admin with ADMIN_PASSWORD after every start.
    const admin: StoredUser = {
      email,
      role: 'hr-admin',
      passwordHash: hashPassword(password),
      name: existing?.name,
      active: true,
      sessionVersion: existing ? sessionVersionOf(existing) + 1 : 0,
    };
    writeUsers(settings.dataDir, [...users.filter((u) => u !== existing), admin]);
    log('[auth] the admin from ADMIN_EMAIL/ADMIN_PASSWORD is set');
    return;
  }
  if (users.some((u) => u.role === 'hr-admin' && isActive(u))) return;
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

/**
 * bcrypt is slow on purpose; at most two hashes run at once and sixteen wait, the rest are refused
 * with BusyError (a flood of sign-ins cannot pin the CPU or queue without bound).
 */
export const passwordWork = new WorkGate(2, 16);

// A real hash of a random password: comparing against it for unknown e-mails makes a wrong e-mail
// take as long as a wrong password, so response times do not reveal which accounts exist.
const DECOY_HASH = hashPassword(randomBytes(12).toString('hex'), BCRYPT_COST);

/** The person, when the password is theirs and they are active; `null` otherwise (always after one bcrypt compare). */
export async function verifyPassword(dataDir: string, email: string, password: string): Promise<SignedInUser | null> {
  const user = findUser(readUsers(dataDir), email);
  const usable = user && isActive(user) ? user.passwordHash : undefined;
  const ok = await passwordWork.run(() => bcrypt.compare(password, usable ?? DECOY_HASH));
  if (!user || !usable || !ok) return null;
  return { email: user.email, name: user.name ?? user.email, role: user.role, sessionVersion: sessionVersionOf(user) };
}

// ----- people: the admin page and /api/users -----

/** How long a one-time set-password link works. */
const SET_PASSWORD_LINK_TTL_MS = 24 * 60 * 60_000;

type PeopleProblem = 'not_found' | 'already_exists' | 'last_admin' | 'link_invalid' | 'link_expired';

export class PeopleError extends Error {
  constructor(
    readonly problem: PeopleProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PeopleError';
  }
}

export interface Person {
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  /** False until the person has set a password through their link. */
  passwordSet: boolean;
  /** A set-password link was issued and is neither used nor expired. */
  linkPending: boolean;
}

/** A one-time link's secret part (shown once, never stored) and when it stops working. */
export interface IssuedLink {
  token: string;
  expiresAt: string;
}

const tokenHashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function toPerson(user: StoredUser, now: Date): Person {
  return {
    email: user.email,
    name: user.name ?? null,
    role: user.role,
    active: isActive(user),
    passwordSet: user.passwordHash !== undefined,
    linkPending: user.setPassword !== undefined && Date.parse(user.setPassword.expiresAt) > now.getTime(),
  };
}

function issueLink(now: Date): { link: IssuedLink; stored: NonNullable<StoredUser['setPassword']> } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_TTL_MS).toISOString();
  return { link: { token, expiresAt }, stored: { tokenHash: tokenHashOf(token), expiresAt } };
}

function requireAnAdmin(users: readonly StoredUser[]): void {
  if (!users.some((user) => user.role === 'hr-admin' && isActive(user))) {
    throw new PeopleError('last_admin', 'This is the last active HR admin: make someone else an HR admin first.');
  }
}

export function listPeople(dataDir: string, now = new Date()): Person[] {
  return [...readUsers(dataDir)].sort((a, b) => a.email.localeCompare(b.email)).map((user) => toPerson(user, now));
}

/** Adds a person with no password yet, and the one-time link with which they set one. */
export function addPerson(
  dataDir: string,
  input: { email: string; name?: string | undefined; role: Role },
  now = new Date(),
): { person: Person; link: IssuedLink } {
  const users = readUsers(dataDir);
  const email = input.email.trim().toLowerCase();
  if (findUser(users, email)) throw new PeopleError('already_exists', 'A person with this e-mail address already exists.');
  const { link, stored } = issueLink(now);
  const user: StoredUser = { email, role: input.role, name: input.name, active: true, sessionVersion: 0, setPassword: stored };
  writeUsers(dataDir, [...users, user]);
  return { person: toPerson(user, now), link };
}

/**
 * Changes a role, (de)activates, or issues a new set-password link (the old password stops working
 * once the new one is set). Every change ends the person's current sessions.
 */
export function changePerson(
  dataDir: string,
  email: string,
  change: { role?: Role | undefined; active?: boolean | undefined; resetPassword?: boolean | undefined },
  now = new Date(),
): { person: Person; link?: IssuedLink } {
  const users = readUsers(dataDir);
  const existing = findUser(users, email);
  if (!existing) throw new PeopleError('not_found', 'No person with this e-mail address.');
  const issued = change.resetPassword ? issueLink(now) : undefined;
  const updated: StoredUser = {
    ...existing,
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.active !== undefined ? { active: change.active } : {}),
    ...(issued ? { setPassword: issued.stored } : {}),
    sessionVersion: sessionVersionOf(existing) + 1,
  };
  const next = users.map((user) => (user === existing ? updated : user));
  requireAnAdmin(next);
  writeUsers(dataDir, next);
  return { person: toPerson(updated, now), ...(issued ? { link: issued.link } : {}) };
}

/** Uses a one-time link: sets the password, ends the link and every earlier session. */
export async function setPasswordWithLink(dataDir: string, token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const wanted = tokenHashOf(token);
  const holder = readUsers(dataDir).find((user) => user.setPassword?.tokenHash === wanted);
  if (!holder?.setPassword) throw new PeopleError('link_invalid', 'This link is not valid or was already used. Ask an HR admin for a new one.');
  if (Date.parse(holder.setPassword.expiresAt) <= now.getTime()) {
    throw new PeopleError('link_expired', 'This link has expired. Ask an HR admin for a new one.');
  }
  const passwordHash = await passwordWork.run(() => bcrypt.hash(password, BCRYPT_COST));
  // Read again after the slow hash: the link may have been used or replaced meanwhile.
  const users = readUsers(dataDir);
  const current = users.find((user) => user.setPassword?.tokenHash === wanted);
  if (!current) throw new PeopleError('link_invalid', 'This link is not valid or was already used. Ask an HR admin for a new one.');
  const { setPassword: _used, ...rest } = current;
  const updated: StoredUser = { ...rest, passwordHash, sessionVersion: sessionVersionOf(current) + 1 };
  writeUsers(dataDir, users.map((user) => (user === current ? updated : user)));
  return { email: updated.email };
}

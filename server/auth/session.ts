import 'server-only';
/** The signed-in user as server components see it (pages and the layout). */
import { cookies } from 'next/headers';
import { sessionPrincipal, sessionTokenFrom } from './principal';
import { getAuthSettings, sessionCookieName, type Role } from './settings';

interface Access {
  signInEnabled: boolean;
  /** Absent while sign-in is off. */
  user: { email: string; role: Role } | null;
  /** May start, retry, skip, cancel, erase and drive the sandbox: hr-admin, or anyone while sign-in is off. */
  canChange: boolean;
}

export async function getAccess(): Promise<Access> {
  const settings = getAuthSettings();
  if (!settings.enabled || !settings.secret) return { signInEnabled: false, user: null, canChange: true };
  const jar = await cookies();
  const token = sessionTokenFrom(new Map(jar.getAll().map((c) => [c.name, c.value])), sessionCookieName(settings));
  const principal = token ? await sessionPrincipal(token, { secret: settings.secret, dataDir: settings.dataDir }) : null;
  return {
    signInEnabled: true,
    user: principal ? { email: principal.name, role: principal.role } : null,
    canChange: principal?.role === 'hr-admin',
  };
}

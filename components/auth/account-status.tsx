/**
 * The header's account corner: who is signed in and a way out, or a note that sign-in is off.
 * Rendered on the server from the session the layout already read: only the button ships JavaScript.
 */
import type { ClientAccess } from './access-context';
import { SignOutButton } from './sign-out-button';

const ROLE_NAMES = { 'hr-admin': 'HR admin', viewer: 'Viewer' } as const;

export function AccountStatus({ access }: { access: ClientAccess }) {
  const { signInEnabled, user } = access;
  if (!signInEnabled || !user) return null;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="text-zinc-600 dark:text-zinc-300">
        <span className="sr-only">Signed in as </span>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{user.email}</span>{' '}
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {ROLE_NAMES[user.role]}
        </span>
      </span>
      <SignOutButton />
    </div>
  );
}

/** Shown on every page while sign-in is off, so nobody mistakes the local demo for a protected install. */
export function SignInOffBanner({ access }: { access: ClientAccess }) {
  if (access.signInEnabled) return null;
  return (
    <div role="note" className="border-b border-zinc-200 bg-zinc-100 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
      <p className="mx-auto max-w-6xl px-4 py-1.5 text-xs sm:px-6">Sign-in is off — set AUTH_SECRET to require sign-in</p>
    </div>
  );
}

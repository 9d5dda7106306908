'use client';
import { useId, useState, type FormEvent } from 'react';
import { signInWithOidc, signInWithPassword } from '@/browser/sign-in';

/** next-auth's error codes (and our throttle's) as sentences a person can act on. */
function signInErrorMessage(error: string): string {
  const throttled = /^rate_limited:(\d+)$/.exec(error);
  if (throttled) {
    const seconds = Math.max(1, Number(throttled[1]));
    if (seconds < 60) return `Too many failed attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
    const minutes = Math.ceil(seconds / 60);
    return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (error === 'sign_in_unavailable') return 'Sign-in is not available right now. Try again in a moment.';
  if (error === 'CredentialsSignin') return 'That e-mail address and password do not match.';
  if (error === 'AccessDenied') return 'Your account has no HR role for this dashboard. Ask an HR admin for access.';
  if (error === 'SessionRequired') return 'Sign in to continue.';
  return 'Sign-in did not work. Try again.';
}

export function LoginForm({ callbackUrl, oidcName, initialError }: { callbackUrl: string; oidcName: string | null; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    setPending(true);
    setError(null);
    const result = await signInWithPassword(field('email'), field('password'), callbackUrl);
    if (!result.ok) {
      setPending(false);
      setError(signInErrorMessage(result.error));
      return;
    }
    // A full page load, so the layout and every server component render with the new session.
    window.location.assign(callbackUrl);
  }

  const input =
    'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900';
  return (
    <div className="space-y-6">
      <form onSubmit={(event) => void submit(event)} className="space-y-4" aria-describedby={error ? errorId : undefined} noValidate>
        <div>
          <label htmlFor="login-email" className="block text-sm font-medium">
            Email
          </label>
          <input id="login-email" name="email" type="email" autoComplete="username" required className={input} />
        </div>
        <div>
          <label htmlFor="login-password" className="block text-sm font-medium">
            Password
          </label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required className={input} />
        </div>
        <div aria-live="polite">
          {error ? (
            <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oidcName ? (
        <button
          type="button"
          onClick={() => {
            setError(null);
            signInWithOidc(callbackUrl).catch(() => setError(signInErrorMessage('')));
          }}
          className="w-full rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Sign in with {oidcName}
        </button>
      ) : null}
    </div>
  );
}

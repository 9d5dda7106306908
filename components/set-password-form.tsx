'use client';
import Link from 'next/link';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/browser/fetcher';
import { setPassword } from '@/browser/people';
import { MIN_PASSWORD_LENGTH } from '@/contract/people';
import { primaryButton } from './buttons';

const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900';

export function SetPasswordForm() {
  const ids = { password: useId(), repeat: useId(), problem: useId() };
  const [token, setToken] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    // The fragment never reaches a server; drop it from the address bar and history once read.
    const fromFragment = window.location.hash.slice(1);
    setToken(fromFragment);
    if (fromFragment) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const password = field('password');
    const repeat = field('repeat');
    if (password.length < MIN_PASSWORD_LENGTH) return setProblem(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (password !== repeat) return setProblem('The two passwords differ.');
    setPending(true);
    setProblem(null);
    try {
      await setPassword(token ?? '', password);
      setDone(true);
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : 'That did not work. Try again.');
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div role="status" className="space-y-3 text-sm">
        <p>Your password is set.</p>
        <Link href="/login" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </Link>
      </div>
    );
  }
  if (token === '') {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        This page needs the link an HR admin sent you. Open that link again, or ask for a new one.
      </p>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4" aria-describedby={problem ? ids.problem : undefined}>
      <div>
        <label htmlFor={ids.password} className="block text-sm font-medium">
          New password
        </label>
        <input id={ids.password} name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required className={inputClass} />
      </div>
      <div>
        <label htmlFor={ids.repeat} className="block text-sm font-medium">
          Repeat the password
        </label>
        <input id={ids.repeat} name="repeat" type="password" autoComplete="new-password" required className={inputClass} />
      </div>
      <div id={ids.problem} role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-300">
        {problem}
      </div>
      <button type="submit" className={`${primaryButton} w-full`} aria-disabled={pending || token === null}>
        Set password
      </button>
    </form>
  );
}

'use client';
/** The header's "Sign out": the one part of the account line that runs in the browser. */
import { useState } from 'react';
import { signOut } from '@/browser/sign-out';

export function SignOutButton() {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <button
      type="button"
      disabled={signingOut}
      onClick={() => {
        setSigningOut(true);
        void signOut('/login');
      }}
      className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      {signingOut ? 'Signing out…' : 'Sign out'}
    </button>
  );
}

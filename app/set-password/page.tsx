import type { Metadata } from 'next';
import { SetPasswordForm } from '@/components/set-password-form';

export const metadata: Metadata = { title: 'Choose your password', referrer: 'no-referrer' };

/** Opened from a one-time link an HR admin sent; the token is in the URL's fragment, read in the browser. */
export default function SetPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Choose your password</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">At least 12 characters. A few unrelated words make a good one.</p>
      </div>
      <SetPasswordForm />
    </div>
  );
}

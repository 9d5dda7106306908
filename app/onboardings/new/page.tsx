import type { Metadata } from 'next';
import Link from 'next/link';
import { NewHireForm } from '@/components/new-hire-form';
import { getAccess } from '@/server/auth/session';

export const metadata: Metadata = { title: 'New hire' };

export default async function NewHirePage() {
  const { canChange } = await getAccess();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
          ← Onboardings
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">New hire</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          We will send the welcome email, prepare a learning path, update the CRM and tell the team on Slack. You can follow
          every step, and fix anything that needs a person.
        </p>
      </div>
      {canChange ? (
        <NewHireForm />
      ) : (
        <p role="note" className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          Only HR admins can start onboardings. Ask one to add this new hire.
        </p>
      )}
    </div>
  );
}

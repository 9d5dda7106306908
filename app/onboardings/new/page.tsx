import type { Metadata } from 'next';
import Link from 'next/link';
import { NewHireForm } from '@/components/new-hire-form';
import { getAccess } from '@/server/auth/session';
import { getPlans } from '@/server/plans';

export const metadata: Metadata = { title: 'New hire' };

export default async function NewHirePage() {
  const { canChange } = await getAccess();
  // Only what the form needs of each plan goes to the browser.
  const plans = getPlans().map(({ id, name, match, steps }) => ({
    id,
    name,
    ...(match ? { match } : {}),
    steps: steps.map(({ owner, approval }) => ({ ...(owner ? { owner } : {}), ...(approval ? { approval } : {}) })),
  }));
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
          ← Onboardings
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">New hire</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          The plan decides what happens and when: the welcome email, a learning path, the CRM, the team on Slack, and the
          tasks for people. You can follow every step, and fix anything that needs a person.
        </p>
      </div>
      {canChange ? (
        <NewHireForm plans={plans} />
      ) : (
        <p role="note" className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          Only HR admins can start onboardings. Ask one to add this new hire.
        </p>
      )}
    </div>
  );
}

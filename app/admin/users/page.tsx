import type { Metadata } from 'next';
import { PeopleAdmin } from '@/components/people-admin';
import { getAccess } from '@/server/auth/session';

export const metadata: Metadata = { title: 'People' };
export const dynamic = 'force-dynamic';

/** HR admins only (the API refuses everyone else too); open while sign-in is off, like every page then. */
export default async function PeoplePage() {
  const access = await getAccess();
  if (access.signInEnabled && access.user?.role !== 'hr-admin') {
    return (
      <div className="mx-auto max-w-md space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">People</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">Only HR admins manage who may sign in. Ask one if something needs to change.</p>
      </div>
    );
  }
  return <PeopleAdmin signInEnabled={access.signInEnabled} currentEmail={access.user?.email ?? null} />;
}

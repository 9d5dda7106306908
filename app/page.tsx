import type { Metadata } from 'next';
import { OnboardingsView } from '@/components/onboardings-view';
import { LIST_PAGE_SIZE } from '@/browser/fetcher';
import { listOnboardings } from '@/server/temporal/client';
import { countOnboardings } from '@/server/temporal/counts';
import { firstData } from '@/server/first-data';

export const metadata: Metadata = { title: 'Onboardings' };

/** The first page and the counts are rendered on the server; the page's hooks poll from there. */
export default async function OnboardingsPage() {
  const [list, counts] = await Promise.all([
    firstData('list', () => listOnboardings({ pageSize: LIST_PAGE_SIZE })),
    firstData('counts', () => countOnboardings()),
  ]);
  return <OnboardingsView initial={{ list, counts }} />;
}

import type { Metadata } from 'next';
import { SWRConfig } from 'swr';
import { OnboardingsView } from '@/components/onboardings-view';
import { LIST_PAGE_SIZE, ONBOARDING_COUNTS_PATH, onboardingsPath } from '@/browser/fetcher';
import { listOnboardings } from '@/server/temporal/client';
import { countOnboardings } from '@/server/temporal/counts';
import { fallbackOf, firstData } from '@/server/first-data';

export const metadata: Metadata = { title: 'Onboardings' };

/** The first page and the counts are rendered on the server, under the keys the page's hooks poll. */
export default async function OnboardingsPage() {
  const [list, counts] = await Promise.all([
    firstData('list', () => listOnboardings({ pageSize: LIST_PAGE_SIZE })),
    firstData('counts', () => countOnboardings()),
  ]);
  const fallback = fallbackOf({ [onboardingsPath({ pageSize: LIST_PAGE_SIZE })]: list, [ONBOARDING_COUNTS_PATH]: counts });
  return (
    <SWRConfig value={{ fallback }}>
      <OnboardingsView />
    </SWRConfig>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SWRConfig } from 'swr';
import { OnboardingDetail } from '@/components/onboarding-detail';
import { onboardingPath } from '@/browser/fetcher';
import { onboardingIdSchema } from '@/contract/http';
import { ApiError } from '@/server/api/errors';
import { getOnboarding } from '@/server/temporal/client';
import { fallbackOf, firstData } from '@/server/first-data';

export const metadata: Metadata = { title: 'Onboarding' };

/** The detail is rendered on the server with its data, under the key the page's hook polls every second. */
export default async function OnboardingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!onboardingIdSchema.safeParse(id).success) notFound();
  let missing = false;
  const detail = await firstData('detail', () =>
    getOnboarding(id).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'not_found') missing = true;
      throw error;
    }),
  );
  if (missing) notFound();
  return (
    <SWRConfig value={{ fallback: fallbackOf({ [onboardingPath(id)]: detail }) }}>
      <OnboardingDetail id={id} />
    </SWRConfig>
  );
}

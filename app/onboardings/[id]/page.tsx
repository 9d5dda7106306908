import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OnboardingDetail } from '@/components/onboarding-detail';
import { onboardingIdSchema } from '@/contract/http';
import { toApiError } from '@/server/api/errors';
import { getOnboarding } from '@/server/temporal/client';
import { firstData } from '@/server/first-data';

export const metadata: Metadata = { title: 'Onboarding' };

/** The detail is rendered on the server with its data; the page's hook polls every second from there. */
export default async function OnboardingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!onboardingIdSchema.safeParse(id).success) notFound();
  let missing = false;
  const detail = await firstData('detail', () =>
    getOnboarding(id).catch((error: unknown) => {
      // The API's own reading of the failure: no such workflow, or a workflow that is no onboarding.
      if (toApiError(error).code === 'not_found') missing = true;
      throw error;
    }),
  );
  if (missing) notFound();
  return <OnboardingDetail id={id} initial={detail} />;
}

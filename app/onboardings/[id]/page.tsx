import type { Metadata } from 'next';
import { OnboardingDetail } from '@/components/onboarding-detail';

export const metadata: Metadata = { title: 'Onboarding' };

export default async function OnboardingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OnboardingDetail id={id} />;
}

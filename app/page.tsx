import type { Metadata } from 'next';
import { OnboardingsView } from '@/components/onboardings-view';

export const metadata: Metadata = { title: 'Onboardings' };

export default function OnboardingsPage() {
  return <OnboardingsView />;
}

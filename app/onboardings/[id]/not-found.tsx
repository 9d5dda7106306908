import { OnboardingNotFound } from '@/components/onboarding-detail';

export default function NotFound() {
  return <OnboardingNotFound />;
}

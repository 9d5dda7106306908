import { OnboardingNotFound } from '@/components/onboarding-not-found';

export default function NotFound() {
  return <OnboardingNotFound />;
}

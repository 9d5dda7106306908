import Link from 'next/link';
import { primaryButton } from './buttons';

/** No onboarding at this address: rendered by the server (not-found.tsx) and by the detail on a 404. */
export function OnboardingNotFound() {
  return (
    <div className="mx-auto max-w-md rounded-xl border border-zinc-200 bg-white px-6 py-12 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-xl font-semibold">Onboarding not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        There is no onboarding at this address. It may have been mistyped, or it is older than Temporal keeps history.
      </p>
      <Link href="/" className={`${primaryButton} mt-6`}>
        Back to onboardings
      </Link>
    </div>
  );
}

'use client';

import { useState } from 'react';
import { ApiError } from '@/browser/fetcher';
import { secondaryButton } from './buttons';

/** On a step waiting for its next automatic attempt: start that attempt now instead of after the backoff. */
export function RetryNowButton({ onboardingId, step, onDone }: { onboardingId: string; step: string; onDone: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function retryNow() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      // Loaded when pressed: the bulk calls' module stays out of the detail page's first load.
      const { retryStepNow } = await import('@/browser/batches');
      await retryStepNow(onboardingId, step);
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not bring the retry forward. Try again.');
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <button type="button" aria-disabled={pending} onClick={() => void retryNow()} className={secondaryButton}>
        {pending ? 'Retrying…' : 'Retry now'}
      </button>
      <span role="status" aria-live="polite" className="self-center text-sm text-red-700 dark:text-red-300">
        {error}
      </span>
    </>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { EraseDialog } from './lazy-dialogs';
import { dangerButton } from './buttons';

/** Erasure on request, for a finished onboarding: its Temporal history and sandbox deliveries go. */
export function EraseDataButton({ id, fullName }: { id: string; fullName: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);

  async function erase() {
    // Loaded when a person acts: the calls that change things are not in the page's first load.
    const { eraseOnboarding } = await import('@/browser/api');
    await eraseOnboarding(id);
    router.push('/');
  }

  return (
    <>
      <button type="button" onClick={() => setConfirming(true)} className={dangerButton}>
        Erase personal data
      </button>
      {confirming ? (
        <EraseDialog fullName={fullName} onConfirm={erase} onDismiss={() => setConfirming(false)} />
      ) : null}
    </>
  );
}

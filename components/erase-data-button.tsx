'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { requestJson } from '@/lib/fetcher';
import { ConfirmDialog } from './lazy-dialogs';
import { dangerButton } from './buttons';

/** Erasure on request, for a finished onboarding: its Temporal history and sandbox deliveries go. */
export function EraseDataButton({ id, fullName }: { id: string; fullName: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);

  async function erase() {
    await requestJson(`/api/onboardings/${encodeURIComponent(id)}`, { method: 'DELETE' });
    router.push('/');
  }

  return (
    <>
      <button type="button" onClick={() => setConfirming(true)} className={dangerButton}>
        Erase personal data
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Erase this onboarding’s personal data?"
          confirmLabel="Yes, erase it"
          pendingLabel="Erasing…"
          dismissLabel="Keep it"
          tone="danger"
          onConfirm={erase}
          onDismiss={() => setConfirming(false)}
        >
          <p>
            Everything this dashboard and Temporal hold about {fullName} — the onboarding, its history and what the simulated services
            received — is deleted for good. An audit line records that you did it, without any of the erased data.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

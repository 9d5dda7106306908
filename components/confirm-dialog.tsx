'use client';

import { useId, useState, type ReactNode } from 'react';
import { ApiError } from '@/browser/fetcher';
import { dangerButton, primaryButton, secondaryButton } from './buttons';
import { Modal } from './modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  dismissLabel: string;
  tone?: 'primary' | 'danger';
  onConfirm: () => Promise<void>;
  onDismiss: () => void;
}

/** Asks before doing something that cannot be taken back; shows the request's pending and error states. */
export function ConfirmDialog({ title, children, confirmLabel, pendingLabel, dismissLabel, tone = 'primary', onConfirm, onDismiss }: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const descriptionId = useId();

  async function confirm() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      onDismiss();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Please try again.');
      setPending(false);
    }
  }

  return (
    <Modal title={title} onDismiss={onDismiss} describedBy={descriptionId} initialFocusSelector="[data-dismiss]">
      <div id={descriptionId} className="mt-2 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        {children}
      </div>
      <div role="status" aria-live="polite">
        {error ? <p className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">{error}</p> : null}
      </div>
      <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" data-dismiss onClick={onDismiss} className={secondaryButton}>
          {dismissLabel}
        </button>
        <button type="button" aria-disabled={pending} onClick={() => void confirm()} className={tone === 'danger' ? dangerButton : primaryButton}>
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

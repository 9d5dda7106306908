'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/browser/fetcher';
import { SERVICE_LABELS } from '@/temporal/shared/constants';
import type { ServiceView } from '@/contract/services';
import { Modal } from './modal';
import { primaryButton, secondaryButton } from './buttons';

/** The call that pauses a breaker, loaded when a person acts (not in the page's first load). */
const api = () => import('@/browser/api');

const MAX_REASON = 200;

/** Pauses a service with a reason (services page); loaded when it opens (components/lazy-dialogs.tsx). */
export function PauseServiceDialog({ view, onDone, onDismiss }: { view: ServiceView; onDone: () => Promise<unknown>; onDismiss: () => void }) {
  const label = SERVICE_LABELS[view.service];
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const fieldId = useId();
  const problemId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem('Say why the service is paused.');
      return;
    }
    setPending(true);
    setProblem(null);
    try {
      await (await api()).pauseService(view.service, reason.trim());
      await onDone();
      onDismiss();
    } catch (caught) {
      setProblem(caught instanceof ApiError ? (caught.fields.reason?.[0] ?? caught.message) : `Could not pause ${label}.`);
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal title={`Pause ${label}`} onDismiss={onDismiss}>
      <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Steps that call {label} will wait, without using attempts, until someone resumes it. Their timelines show your reason.
        </p>
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block text-sm font-medium">
            Reason
          </label>
          <input
            id={fieldId}
            value={reason}
            maxLength={MAX_REASON}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            placeholder="outage"
            className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <p id={problemId} aria-live="polite" className="text-sm text-red-700 dark:text-red-300">
            {problem}
          </p>
        </div>
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButton} onClick={onDismiss}>
            Keep running
          </button>
          <button type="submit" className={primaryButton} aria-disabled={pending || undefined}>
            Pause {label}
          </button>
        </div>
      </form>
    </Modal>
  );
}

'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '@/browser/fetcher';
import { isoDay, START_DATE_WINDOW } from '@/temporal/shared/new-hire-rules';
import { primaryButton, secondaryButton } from './buttons';
import { Modal } from './modal';

interface FormDialogProps {
  title: string;
  submitLabel: string;
  pendingLabel: string;
  children: ReactNode;
  onSubmit: () => Promise<void>;
  onDismiss: () => void;
}

/** A dialog with a few fields and one action; shows the request's pending state and the API's message. */
function FormDialog({ title, submitLabel, pendingLabel, children, onSubmit, onDismiss }: FormDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit();
      onDismiss();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Please try again.');
      setPending(false);
    }
  }

  return (
    <Modal title={title} onDismiss={onDismiss}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="mt-3 space-y-4 text-sm">{children}</div>
        <div role="status" aria-live="polite">
          {error ? <p className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">{error}</p> : null}
        </div>
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button type="button" onClick={onDismiss} className={secondaryButton}>
            Close
          </button>
          <button type="submit" aria-disabled={pending} className={primaryButton}>
            {pending ? pendingLabel : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const inputClass =
  'w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-950 dark:[color-scheme:dark]';

/** HR closes a task from the dashboard, with an optional note that goes into the activity log. */
export function CompleteTaskDialog({ stepLabel, onComplete, onDismiss }: { stepLabel: string; onComplete: (note: string) => Promise<void>; onDismiss: () => void }) {
  const [note, setNote] = useState('');
  const id = useId();
  return (
    <FormDialog title={`Mark “${stepLabel}” done`} submitLabel="Mark done" pendingLabel="Marking done…" onSubmit={() => onComplete(note.trim())} onDismiss={onDismiss}>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id} className="font-medium">
          Note
        </label>
        <textarea id={id} value={note} maxLength={1000} rows={3} onChange={(event) => setNote(event.target.value)} className={inputClass} />
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Optional. Shown in the activity log, for example who did it and how.</p>
      </div>
    </FormDialog>
  );
}

/** A new start date: every step not yet done moves with it. */
export function RescheduleDialog({ startDate, onReschedule, onDismiss }: { startDate: string; onReschedule: (startDate: string) => Promise<void>; onDismiss: () => void }) {
  const [value, setValue] = useState(startDate);
  const id = useId();
  const today = new Date();
  return (
    <FormDialog title="Reschedule" submitLabel="Move the start date" pendingLabel="Moving…" onSubmit={() => onReschedule(value)} onDismiss={onDismiss}>
      <p className="text-zinc-700 dark:text-zinc-300">
        Every step that is not done yet moves with the new start date. If the welcome email already went out, the new hire gets a
        short email about the new date.
      </p>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id} className="font-medium">
          New start date
        </label>
        <input
          id={id}
          type="date"
          value={value}
          min={isoDay(today, -START_DATE_WINDOW.daysBefore)}
          max={isoDay(today, START_DATE_WINDOW.daysAfter)}
          onChange={(event) => setValue(event.target.value)}
          className={inputClass}
        />
      </div>
    </FormDialog>
  );
}

/** HR asks for changes to a learning-path draft: the feedback goes to the model with the draft. */
export function RequestChangesDialog({ round, onSend, onDismiss }: { round: number; onSend: (feedback: string) => Promise<void>; onDismiss: () => void }) {
  const [feedback, setFeedback] = useState('');
  const id = useId();
  const hintId = useId();
  return (
    <FormDialog
      title={`Request changes to draft ${round}`}
      submitLabel="Request changes"
      pendingLabel="Sending…"
      onSubmit={() => {
        const words = feedback.trim();
        if (words === '') return Promise.reject(new ApiError(400, 'Say what to change, for example “add security basics”.', 'invalid_input'));
        return onSend(words);
      }}
      onDismiss={onDismiss}
    >
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id} className="font-medium">
          Feedback
        </label>
        <textarea
          id={id}
          value={feedback}
          maxLength={2000}
          rows={3}
          aria-describedby={hintId}
          onChange={(event) => setFeedback(event.target.value)}
          className={inputClass}
        />
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          In plain words, for example “add security basics” or “remove Kubernetes”. The assistant writes the next draft from it.
        </p>
      </div>
    </FormDialog>
  );
}

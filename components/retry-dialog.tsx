'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/browser/fetcher';
import { EDITABLE_FIELD } from '@/temporal/shared/constants';
import type { NewHire, RetryPatch, StepKey } from '@/temporal/shared/schemas';
import { primaryButton, secondaryButton } from './buttons';
import { Modal } from './modal';

/** The field each editable step lets a person correct, labelled as on the new-hire form. */
const EDITABLE: Record<keyof RetryPatch, { label: string; inputKey: 'email' | 'role' | 'slackChannel'; type: 'email' | 'text' }> = {
  email: { label: 'Work email', inputKey: 'email', type: 'email' },
  role: { label: 'Role', inputKey: 'role', type: 'text' },
  slackChannel: { label: 'Slack channel', inputKey: 'slackChannel', type: 'text' },
};

interface RetryDialogProps {
  stepKey: StepKey;
  stepLabel: string;
  input: NewHire;
  onRetry: (patch: RetryPatch | undefined) => Promise<void>;
  onDismiss: () => void;
}

export function RetryDialog({ stepKey, stepLabel, input, onRetry, onDismiss }: RetryDialogProps) {
  const patchField = EDITABLE_FIELD[stepKey];
  const editable = patchField ? EDITABLE[patchField] : undefined;
  const original = editable ? (input[editable.inputKey] ?? '') : '';
  const [value, setValue] = useState(original);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const descriptionId = useId();

  async function validatePatch(): Promise<{ ok: true; patch: RetryPatch | undefined } | { ok: false }> {
    if (!patchField || value === original) return { ok: true, patch: undefined };
    // Loaded when needed: zod would otherwise be part of the detail page's first-load JavaScript.
    const { retryPatchSchema } = await import('@/temporal/shared/schemas');
    const parsed = retryPatchSchema.safeParse({ [patchField]: value });
    if (parsed.success) return { ok: true, patch: parsed.data };
    setFieldError(parsed.error.issues[0]?.message ?? 'This value is not valid');
    return { ok: false };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const checked = await validatePatch();
    if (!checked.ok) return;
    setPending(true);
    setError(null);
    try {
      await onRetry(checked.patch);
      onDismiss();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Please try again.');
      setPending(false);
    }
  }

  return (
    <Modal title={`Retry “${stepLabel}”`} onDismiss={onDismiss} describedBy={descriptionId}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <p id={descriptionId} className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          {editable
            ? 'Correct the value if it caused the problem. The step runs again with a fresh set of attempts.'
            : 'The step runs again with a fresh set of attempts.'}
        </p>
        {editable ? (
          <div className="mt-4 flex flex-col gap-1.5">
            <label htmlFor={inputId} className="text-sm font-medium">
              {editable.label}
            </label>
            <input
              id={inputId}
              type={editable.type}
              value={value}
              onChange={(event) => {
                setValue(event.target.value);
                setFieldError(null);
              }}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? errorId : undefined}
              className={`w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-950 ${
                fieldError ? 'border-red-500 dark:border-red-400' : 'border-zinc-300 dark:border-zinc-700'
              }`}
            />
            {fieldError ? (
              <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
                {fieldError}
              </p>
            ) : null}
          </div>
        ) : null}
        <div role="status" aria-live="polite">
          {error ? <p className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">{error}</p> : null}
        </div>
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button type="button" onClick={onDismiss} className={secondaryButton}>
            Close
          </button>
          <button type="submit" aria-disabled={pending} className={primaryButton}>
            {pending ? 'Retrying…' : 'Retry step'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

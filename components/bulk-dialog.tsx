'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { startBulkDecision, type BulkDecision, type BulkTarget } from '@/browser/batches';
import { EDITABLE_FIELD, STEP_KEYS, STEP_LABELS, type StepKey } from '@/temporal/shared/constants';
import { ConfirmDialog } from './confirm-dialog';

export type BulkAction = BulkDecision['action'];

const CORRECTION: Record<'email' | 'role' | 'slackChannel', { label: string; type: 'email' | 'text' }> = {
  email: { label: 'Work email', type: 'email' },
  role: { label: 'Role', type: 'text' },
  slackChannel: { label: 'Slack channel', type: 'text' },
};

const TITLES: Record<BulkAction, string> = {
  retry: 'Retry selected onboardings',
  skip: 'Skip a step in selected onboardings',
  cancel: 'Cancel selected onboardings',
};

interface BulkDialogProps {
  action: BulkAction;
  target: BulkTarget;
  /** "3 onboardings" or "all 12 onboardings that match": said in the dialog before anything is sent. */
  countText: string;
  onDismiss: () => void;
}

/**
 * Confirms a bulk decision with its count, asks for what it needs (the step, an optional correction),
 * starts it as a batch on the server and opens the batch's page to follow it.
 */
export function BulkDialog({ action, target, countText, onDismiss }: BulkDialogProps) {
  const router = useRouter();
  const [step, setStep] = useState<StepKey | ''>(action === 'skip' ? 'slack-notification' : '');
  const [correction, setCorrection] = useState('');
  // One key for this dialog: confirming twice names the same batch.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const stepId = useId();
  const correctionId = useId();
  const field = step ? EDITABLE_FIELD[step] : undefined;

  async function confirm() {
    let decision: BulkDecision;
    if (action === 'retry') {
      const patch = field && correction.trim() !== '' ? { [field]: correction.trim() } : undefined;
      decision = { action, ...(step ? { step } : {}), ...(patch ? { patch } : {}) };
    } else if (action === 'skip') {
      decision = { action, step: step || 'slack-notification' };
    } else {
      decision = { action };
    }
    const { id } = await startBulkDecision(target, decision, idempotencyKey);
    router.push(`/batches/${encodeURIComponent(id)}`);
  }

  return (
    <ConfirmDialog
      title={TITLES[action]}
      confirmLabel={action === 'retry' ? `Retry ${countText}` : action === 'skip' ? `Skip in ${countText}` : `Cancel ${countText}`}
      pendingLabel="Starting…"
      dismissLabel={action === 'cancel' ? 'Keep them' : 'Back'}
      tone={action === 'cancel' ? 'danger' : 'primary'}
      onConfirm={confirm}
      onDismiss={onDismiss}
    >
      <p>
        {action === 'retry'
          ? `Runs the failed step of ${countText} again, each with a fresh set of attempts.`
          : action === 'skip'
            ? `Marks the step as skipped in ${countText} where it failed, and lets them go on.`
            : `Stops ${countText} and undoes what was done (CRM status, a note to the hire, a Slack correction).`}{' '}
        Onboardings this does not apply to are left as they are and listed on the next page.
      </p>
      {action !== 'cancel' ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={stepId} className="font-medium text-zinc-900 dark:text-zinc-100">
            Step
          </label>
          <select
            id={stepId}
            value={step}
            onChange={(event) => {
              setStep(event.target.value as StepKey | '');
              setCorrection('');
            }}
            className="rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {action === 'retry' ? <option value="">Whichever step failed</option> : null}
            {STEP_KEYS.map((key) => (
              <option key={key} value={key}>
                {STEP_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {action === 'retry' && field ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={correctionId} className="font-medium text-zinc-900 dark:text-zinc-100">
            {CORRECTION[field].label}
          </label>
          <input
            id={correctionId}
            type={CORRECTION[field].type}
            value={correction}
            onChange={(event) => setCorrection(event.target.value)}
            placeholder="Leave empty to retry as it was"
            className="rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <p className="text-xs text-zinc-600 dark:text-zinc-400">The same correction goes to every onboarding retried.</p>
        </div>
      ) : null}
    </ConfirmDialog>
  );
}

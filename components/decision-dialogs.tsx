'use client';
/**
 * The detail page's confirmations, with their explanations: loaded the first time one opens
 * (components/lazy-dialogs.tsx), so their words are not part of the page's first-load JavaScript.
 */
import { ConfirmDialog } from './confirm-dialog';

interface DialogProps {
  onConfirm: () => Promise<void>;
  onDismiss: () => void;
}

export function SkipDialog({ stepLabel, ...actions }: DialogProps & { stepLabel: string }) {
  return (
    <ConfirmDialog title={`Skip “${stepLabel}”?`} confirmLabel="Skip step" pendingLabel="Skipping…" dismissLabel="Don’t skip" {...actions}>
      <p>The onboarding goes on without this step. Nobody will do it automatically later, so take care of it yourself if it matters.</p>
    </ConfirmDialog>
  );
}

export function CancelDialog({ fullName, ...actions }: DialogProps & { fullName: string }) {
  return (
    <ConfirmDialog
      title="Cancel this onboarding?"
      confirmLabel="Yes, cancel onboarding"
      pendingLabel="Cancelling…"
      dismissLabel="Keep it going"
      tone="danger"
      {...actions}
    >
      <p>The step in progress stops, and the steps already completed will be undone, newest first:</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>the CRM status is set back to cancelled,</li>
        <li>if the welcome email went out, {fullName} gets a short note that the onboarding was cancelled,</li>
        <li>if the team was told on Slack, a correction is posted.</li>
      </ul>
      <p>This cannot be undone.</p>
    </ConfirmDialog>
  );
}

export function EraseDialog({ fullName, ...actions }: DialogProps & { fullName: string }) {
  return (
    <ConfirmDialog
      title="Erase this onboarding’s personal data?"
      confirmLabel="Yes, erase it"
      pendingLabel="Erasing…"
      dismissLabel="Keep it"
      tone="danger"
      {...actions}
    >
      <p>
        Everything this dashboard and Temporal hold about {fullName} — the onboarding, its history and what the simulated services
        received — is deleted for good. An audit line records that you did it, without any of the erased data.
      </p>
    </ConfirmDialog>
  );
}

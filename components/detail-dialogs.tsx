'use client';
/**
 * The detail page's dialogs (retry, skip, mark done, request changes, reschedule, start again, cancel)
 * and the calls behind them. They load the first time one opens (next/dynamic in components/onboarding-detail.tsx), not with the page.
 */
import type * as Api from '@/browser/api';
import type { Detail, StepView } from '@/contract/http';
import type { RetryPatch, StepKey } from '@/temporal/shared/schemas';
import { ConfirmDialog } from './confirm-dialog';
import { CancelDialog, SkipDialog } from './decision-dialogs';
import { CompleteTaskDialog, RequestChangesDialog, RescheduleDialog } from './plan-dialogs';
import { RetryDialog } from './retry-dialog';

export type OpenDialog =
  | { kind: 'retry'; step: StepView }
  | { kind: 'skip'; step: StepView }
  | { kind: 'complete'; step: StepView }
  | { kind: 'request-changes'; step: StepView }
  | { kind: 'reschedule' }
  | { kind: 'start-again' }
  | { kind: 'cancel' };

/** Sends one call with the API client; the detail page refreshes after it (components/onboarding-detail.tsx). */
export type Act = (send: (api: typeof Api) => Promise<unknown>) => Promise<void>;

export function DetailDialogs({ id, detail, dialog, act, onDismiss }: { id: string; detail: Detail; dialog: OpenDialog; act: Act; onDismiss: () => void }) {
  const retry = (step: StepKey, patch: RetryPatch | undefined) => act((api) => api.retryStep(id, step, patch));
  const skip = (step: StepKey) => act((api) => api.skipStep(id, step));
  const cancel = () => act((api) => api.cancelOnboarding(id));
  const completeTask = (step: string, note: string) => act((api) => api.completeTask(id, step, note));
  const reschedule = (startDate: string) => act((api) => api.rescheduleOnboarding(id, startDate));
  const requestChanges = (step: string, feedback: string) => act((api) => api.decideApproval(id, step, 'request_changes', feedback));
  const startAgain = () => act((api) => api.startAgain({ ...detail.input, plan: detail.plan.id }));

  return (
    <>
      {dialog.kind === 'retry' ? (
        <RetryDialog
          stepKey={dialog.step.key as StepKey}
          stepLabel={dialog.step.label}
          input={detail.input}
          onRetry={(patch) => retry(dialog.step.key as StepKey, patch)}
          onDismiss={onDismiss}
        />
      ) : null}
      {dialog.kind === 'skip' ? (
        <SkipDialog stepLabel={dialog.step.label} onConfirm={() => skip(dialog.step.key as StepKey)} onDismiss={onDismiss} />
      ) : null}
      {dialog.kind === 'complete' ? (
        <CompleteTaskDialog stepLabel={dialog.step.label} onComplete={(note) => completeTask(dialog.step.key, note)} onDismiss={onDismiss} />
      ) : null}
      {dialog.kind === 'request-changes' ? (
        <RequestChangesDialog
          round={dialog.step.approval?.round ?? 1}
          onSend={(feedback) => requestChanges(dialog.step.key, feedback)}
          onDismiss={onDismiss}
        />
      ) : null}
      {dialog.kind === 'reschedule' ? (
        <RescheduleDialog startDate={detail.input.startDate} onReschedule={reschedule} onDismiss={onDismiss} />
      ) : null}
      {dialog.kind === 'start-again' ? (
        <ConfirmDialog
          title="Start again"
          confirmLabel="Start again"
          pendingLabel="Starting…"
          dismissLabel="Close"
          onConfirm={startAgain}
          onDismiss={onDismiss}
        >
          <p>
            A new run of the {detail.plan.name} plan starts for {detail.input.fullName} under the same ID, with the details
            below. This run stays listed under “Earlier runs”.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog.kind === 'cancel' ? (
        <CancelDialog fullName={detail.input.fullName} onConfirm={cancel} onDismiss={onDismiss} />
      ) : null}
    </>
  );
}

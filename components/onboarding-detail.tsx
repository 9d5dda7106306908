'use client';

import Link from 'next/link';
import { useState } from 'react';
import type * as Api from '@/browser/api';
import { describeLoadError } from '@/browser/fetcher';
import { useOnboarding } from '@/browser/swr/use-onboarding';
import type { Detail, StepView } from '@/contract/http';
import type { RetryPatch, StepKey } from '@/temporal/shared/schemas';
import { useCanChange } from '@/components/auth/access-context';
import { ActivityLog } from './activity-log';
import { formatCalendarDate, formatDateTime } from './format';
import { primaryButton, secondaryButton } from './buttons';
import { CancelDialog, CompleteTaskDialog, ConfirmDialog, RequestChangesDialog, RescheduleDialog, RetryDialog, SkipDialog } from './lazy-dialogs';
import { applicablePatch } from './assistant-panels';
import { EraseDataButton } from './erase-data-button';
import { DetailSkeleton } from './skeletons/detail';
import { StatusBadge } from './status-badge';
import { RetryNowButton } from './retry-now-button';
import { StepTimeline } from './step-timeline';
import { OnboardingNotFound } from './onboarding-not-found';

type OpenDialog =
  | { kind: 'retry'; step: StepView }
  | { kind: 'skip'; step: StepView }
  | { kind: 'complete'; step: StepView }
  | { kind: 'request-changes'; step: StepView }
  | { kind: 'reschedule' }
  | { kind: 'start-again' }
  | { kind: 'cancel' }
  | null;

/** `initial`: the detail as the server rendered it (app/onboardings/[id]/page.tsx); polling goes on from there. */
export function OnboardingDetail({ id, initial }: { id: string; initial?: Detail | undefined }) {
  const { detail, error, mutate } = useOnboarding(id, initial);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  // Viewers see everything but get no buttons that change anything (the API refuses them anyway).
  const canChange = useCanChange();

  if (error?.status === 404) return <OnboardingNotFound />;
  if (!detail) {
    return error ? <LoadProblem message={describeLoadError(error)} /> : <DetailSkeleton />;
  }

  // The API client is loaded when a person acts, not with the page (first-load JavaScript).
  const act = async (send: (api: typeof Api) => Promise<unknown>) => {
    await send(await import('@/browser/api'));
    // The dialog closes as soon as the request is accepted; the timeline catches up on its own.
    void mutate();
  };
  const retry = (step: StepKey, patch: RetryPatch | undefined) => act((api) => api.retryStep(id, step, patch));
  const skip = (step: StepKey) => act((api) => api.skipStep(id, step));
  const cancel = () => act((api) => api.cancelOnboarding(id));
  const runNow = (step: string) => act((api) => api.runStepNow(id, step));
  const completeTask = (step: string, note: string) => act((api) => api.completeTask(id, step, note));
  const reschedule = (startDate: string) => act((api) => api.rescheduleOnboarding(id, startDate));
  const decideApproval = (step: string, decision: 'approve' | 'request_changes', feedback?: string) =>
    act((api) => api.decideApproval(id, step, decision, feedback));

  const canDecide = canChange && detail.status === 'needs_attention';
  const canCancel = canChange && (detail.status === 'running' || detail.status === 'needs_attention');
  const canReschedule = canChange && (detail.status === 'running' || detail.status === 'needs_attention');
  const canStartAgain = canChange && (detail.status === 'cancelled' || detail.status === 'failed');
  const startAgain = () => act((api) => api.startAgain({ ...detail.input, plan: detail.plan.id }));
  const canErase = canChange && (detail.status === 'completed' || detail.status === 'cancelled' || detail.status === 'failed');

  return (
    <div className="space-y-6">
      <div>
        <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
          ← Onboardings
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="break-words text-2xl font-semibold tracking-tight">{detail.input.fullName}</h1>
              {/* A live region, so a screen reader hears the onboarding finish or need attention. */}
              <span role="status" aria-label="Overall status">
                <StatusBadge status={detail.status} />
              </span>
            </div>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {detail.input.role}
              {detail.input.department ? ` · ${detail.input.department}` : ''} · starts {formatCalendarDate(detail.input.startDate)} ·{' '}
              {detail.input.employeeId}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <a href={detail.temporalUiUrl} target="_blank" rel="noopener noreferrer" className={secondaryButton}>
              Open in Temporal UI
              <span aria-hidden="true">↗</span>
            </a>
            {canReschedule ? (
              <button type="button" onClick={() => setDialog({ kind: 'reschedule' })} className={secondaryButton}>
                Reschedule
              </button>
            ) : null}
            {canCancel ? (
              <button type="button" onClick={() => setDialog({ kind: 'cancel' })} className={secondaryButton}>
                Cancel onboarding
              </button>
            ) : null}
            {canStartAgain ? (
              <button type="button" onClick={() => setDialog({ kind: 'start-again' })} className={primaryButton}>
                Start again
              </button>
            ) : null}
            {canErase ? <EraseDataButton id={id} fullName={detail.input.fullName} /> : null}
          </div>
        </div>
      </div>

      {error ? <LoadProblem message={describeLoadError(error)} /> : null}
      <StatusNotice detail={detail} />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h2 className="sr-only">Steps</h2>
          <StepTimeline
            steps={detail.steps}
            actionsFor={(step) => {
              if (canDecide && step.status === 'failed') {
                const fix = applicablePatch(step);
                return (
                  <>
                    {fix ? (
                      <ApplyFixButton onApply={() => retry(step.key as StepKey, fix)} />
                    ) : null}
                    {/* With a suggested fix, that is the main action; Retry (with any correction) is the other. */}
                    <button type="button" onClick={() => setDialog({ kind: 'retry', step })} className={fix ? secondaryButton : primaryButton}>
                      Retry
                    </button>
                    <button type="button" onClick={() => setDialog({ kind: 'skip', step })} className={secondaryButton}>
                      Skip
                    </button>
                  </>
                );
              }
              if (canChange && step.status === 'scheduled') {
                return (
                  <button type="button" onClick={() => void runNow(step.key)} className={secondaryButton}>
                    Run now
                  </button>
                );
              }
              if (canChange && step.approval?.open && step.status === 'waiting_for_person') {
                return (
                  <>
                    <ApproveButton onApprove={() => decideApproval(step.key, 'approve')} />
                    <button type="button" onClick={() => setDialog({ kind: 'request-changes', step })} className={secondaryButton}>
                      Request changes
                    </button>
                  </>
                );
              }
              if (canChange && step.kind === 'task' && step.status === 'waiting_for_person') {
                return (
                  <button type="button" onClick={() => setDialog({ kind: 'complete', step })} className={primaryButton}>
                    Mark done
                  </button>
                );
              }
              if (canDecide && step.status === 'retrying' && step.nextRetryAt) {
                return <RetryNowButton onboardingId={id} step={step.key} onDone={() => void mutate()} />;
              }
              return null;
            }}
          />
        </div>
        <div className="space-y-6">
          <HireDetails detail={detail} />
          <ActivityLog events={detail.events} />
          <EarlierRuns detail={detail} />
        </div>
      </div>

      {dialog?.kind === 'retry' ? (
        <RetryDialog
          stepKey={dialog.step.key as StepKey}
          stepLabel={dialog.step.label}
          input={detail.input}
          onRetry={(patch) => retry(dialog.step.key as StepKey, patch)}
          onDismiss={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'skip' ? (
        <SkipDialog stepLabel={dialog.step.label} onConfirm={() => skip(dialog.step.key as StepKey)} onDismiss={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'complete' ? (
        <CompleteTaskDialog stepLabel={dialog.step.label} onComplete={(note) => completeTask(dialog.step.key, note)} onDismiss={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'request-changes' ? (
        <RequestChangesDialog
          round={dialog.step.approval?.round ?? 1}
          onSend={(feedback) => decideApproval(dialog.step.key, 'request_changes', feedback)}
          onDismiss={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'reschedule' ? (
        <RescheduleDialog startDate={detail.input.startDate} onReschedule={reschedule} onDismiss={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'start-again' ? (
        <ConfirmDialog
          title="Start again"
          confirmLabel="Start again"
          pendingLabel="Starting…"
          dismissLabel="Close"
          onConfirm={startAgain}
          onDismiss={() => setDialog(null)}
        >
          <p>
            A new run of the {detail.plan.name} plan starts for {detail.input.fullName} under the same ID, with the details
            below. This run stays listed under “Earlier runs”.
          </p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'cancel' ? (
        <CancelDialog fullName={detail.input.fullName} onConfirm={cancel} onDismiss={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

/** One click: retry the failed step with the assistant's correction (the activity log records who). */
function ApplyFixButton({ onApply }: { onApply: () => Promise<void> }) {
  return (
    <OneClickButton label="Apply fix and retry" pendingLabel="Applying…" className={primaryButton} onClick={onApply} />
  );
}

function ApproveButton({ onApprove }: { onApprove: () => Promise<void> }) {
  return <OneClickButton label="Approve" pendingLabel="Approving…" className={primaryButton} onClick={onApprove} />;
}

/** A button that sends once, says so while it does, and shows the API's answer if it refuses. */
function OneClickButton({ label, pendingLabel, className, onClick }: { label: string; pendingLabel: string; className: string; onClick: () => Promise<void> }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async () => {
    if (pending) return;
    setPending(true);
    setProblem(null);
    try {
      await onClick();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That did not work. Please try again.');
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <button type="button" aria-disabled={pending} onClick={() => void run()} className={className}>
        {pending ? pendingLabel : label}
      </button>
      {problem ? (
        <p role="alert" className="basis-full text-sm text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
    </>
  );
}

function StatusNotice({ detail }: { detail: Detail }) {
  if (detail.waitingForWorker && (detail.status === 'running' || detail.status === 'cancelling')) {
    return (
      <Notice tone="amber">Waiting for a worker — the onboarding will continue as soon as a worker is back.</Notice>
    );
  }
  if (detail.status === 'needs_attention') {
    return <Notice tone="amber">A step needs a person: retry it (you can correct its input) or skip it.</Notice>;
  }
  if (detail.status === 'cancelling') {
    return <Notice tone="violet">Cancelling: undoing the steps that were completed…</Notice>;
  }
  return null;
}

const NOTICE_TONES = {
  amber: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100',
  violet: 'border-violet-200 bg-violet-50 text-violet-900 dark:border-violet-900/60 dark:bg-violet-950/40 dark:text-violet-100',
  red: 'border-red-200 bg-red-50 text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200',
} as const;

function Notice({ tone, children }: { tone: keyof typeof NOTICE_TONES; children: React.ReactNode }) {
  return (
    <div role="status" className={`rounded-lg border px-4 py-3 text-sm ${NOTICE_TONES[tone]}`}>
      {children}
    </div>
  );
}

function LoadProblem({ message }: { message: string }) {
  return (
    <div role="alert" className={`rounded-lg border px-4 py-3 text-sm ${NOTICE_TONES.red}`}>
      {message}
    </div>
  );
}

function EarlierRuns({ detail }: { detail: Detail }) {
  if (detail.earlierRuns.length === 0) return null;
  return (
    <section aria-labelledby="runs-heading" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="runs-heading" className="text-sm font-semibold">
        Earlier runs
      </h2>
      <ol className="mt-3 space-y-2 text-sm">
        {detail.earlierRuns.map((run) => (
          <li key={run.runId} className="flex items-center justify-between gap-3">
            <span className="tabular-nums text-zinc-700 dark:text-zinc-300">
              {formatDateTime(run.startedAt)}
              {run.closedAt ? ` – ${formatDateTime(run.closedAt)}` : ''}
            </span>
            <StatusBadge status={run.status} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function HireDetails({ detail }: { detail: Detail }) {
  const rows: [string, string | undefined][] = [
    ['Work email', detail.input.email],
    ['Plan', detail.plan.name],
    ['Manager email', detail.input.managerEmail],
    ['Buddy email', detail.input.buddyEmail],
    ['Slack channel', detail.input.slackChannel],
    ['Started', formatDateTime(detail.startedAt)],
    ['Finished', detail.closedAt ? formatDateTime(detail.closedAt) : undefined],
  ];
  return (
    <section aria-labelledby="details-heading" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="details-heading" className="text-sm font-semibold">
        Details
      </h2>
      <dl className="mt-3 space-y-2 text-sm">
        {rows.map(([term, value]) =>
          value ? (
            <div key={term} className="flex justify-between gap-4">
              <dt className="shrink-0 whitespace-nowrap text-zinc-600 dark:text-zinc-400">{term}</dt>
              <dd className="min-w-0 break-all text-right">{value}</dd>
            </div>
          ) : null,
        )}
      </dl>
    </section>
  );
}



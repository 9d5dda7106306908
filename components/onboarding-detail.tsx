'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import { describeLoadError } from '@/browser/fetcher';
import { useOnboarding } from '@/browser/swr/use-onboarding';
import type { Detail } from '@/contract/http';
import type { RetryPatch, StepKey } from '@/temporal/shared/schemas';
import { useCanChange } from '@/components/auth/access-context';
import { UntilHydrated } from '@/components/until-hydrated';
import { formatCalendarDate } from './format';
import { primaryButton, secondaryButton } from './buttons';
import type { Act, OpenDialog } from './detail-dialogs';
import { applicablePatch } from './suggested-patch';
import { DetailSkeleton } from './skeletons/detail';
import { StatusBadge } from './status-badge';
import { StepTimeline } from './step-timeline';

// These load after the page (first-load JavaScript, docs/performance.md). All but the dialogs are still
// rendered on the server, so the first HTML shows them; the dialogs load the first time one opens.
const ApplyFixButton = dynamic(() => import('./one-click-buttons').then((m) => m.ApplyFixButton));
const ApproveButton = dynamic(() => import('./one-click-buttons').then((m) => m.ApproveButton));
const DetailDialogs = dynamic(() => import('./detail-dialogs').then((m) => m.DetailDialogs), { ssr: false });
const DetailSidePanels = dynamic(() => import('./detail-side-panels').then((m) => m.DetailSidePanels));
const EraseDataButton = dynamic(() => import('./erase-data-button').then((m) => m.EraseDataButton));
const OnboardingNotFound = dynamic(() => import('./onboarding-not-found').then((m) => m.OnboardingNotFound));
const RetryNowButton = dynamic(() => import('./retry-now-button').then((m) => m.RetryNowButton));

/** `initial`: the detail as the server rendered it (app/onboardings/[id]/page.tsx); polling goes on from there. */
export function OnboardingDetail({ id, initial }: { id: string; initial?: Detail | undefined }) {
  const { detail, error, mutate } = useOnboarding(id, initial);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  // Viewers see everything but get no buttons that change anything (the API refuses them anyway).
  const canChange = useCanChange();

  if (error?.status === 404) return <OnboardingNotFound />;
  if (!detail) {
    return error ? <LoadProblem message={describeLoadError(error)} /> : <DetailSkeleton />;
  }

  // The API client is loaded when a person acts, not with the page (first-load JavaScript).
  const act: Act = async (send) => {
    await send(await import('@/browser/api'));
    // The dialog closes as soon as the request is accepted; the timeline catches up on its own.
    void mutate();
  };
  const retry = (step: StepKey, patch: RetryPatch | undefined) => act((api) => api.retryStep(id, step, patch));
  const runNow = (step: string) => act((api) => api.runStepNow(id, step));
  const decideApproval = (step: string, decision: 'approve' | 'request_changes', feedback?: string) =>
    act((api) => api.decideApproval(id, step, decision, feedback));

  const canDecide = canChange && detail.status === 'needs_attention';
  const canCancel = canChange && (detail.status === 'running' || detail.status === 'needs_attention');
  const canReschedule = canChange && (detail.status === 'running' || detail.status === 'needs_attention');
  const canStartAgain = canChange && (detail.status === 'cancelled' || detail.status === 'failed');
  const canErase = canChange && (detail.status === 'completed' || detail.status === 'cancelled' || detail.status === 'failed');

  return (
    <UntilHydrated>
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
            <DetailSidePanels detail={detail} />
          </div>
        </div>

        {dialog ? (
          <DetailDialogs id={id} detail={detail} dialog={dialog} act={act} onDismiss={() => setDialog(null)} />
        ) : null}
      </div>
    </UntilHydrated>
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

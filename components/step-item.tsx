'use client';

import dynamic from 'next/dynamic';
import type { StepView } from '@/contract/http';
import { durationBetween, formatDateTime, formatDuration } from './format';
import { PLAN_OWNER_LABELS, type PlanOwner } from '@/temporal/shared/plan-rules';
import { StepStatusBadge } from './status-badge';
import { useNow } from './use-now';
import type { StepKey, StepStatus } from '@/temporal/shared/schemas';

// Shown only on some steps: they load after the page (first-load JavaScript, docs/performance.md), still
// rendered on the server.
const ApprovalFacts = dynamic(() => import('./assistant-panels').then((m) => m.ApprovalFacts));
const StepResult = dynamic(() => import('./step-result').then((m) => m.StepResult));
const SuggestedFix = dynamic(() => import('./assistant-panels').then((m) => m.SuggestedFix));

const ICON_STYLES: Record<StepStatus, string> = {
  pending: 'border-zinc-300 bg-white text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-500',
  running: 'border-sky-500 bg-sky-50 text-sky-600 dark:bg-sky-950 dark:text-sky-300',
  retrying: 'border-amber-500 bg-amber-50 text-amber-600 dark:bg-amber-950 dark:text-amber-300',
  completed: 'border-emerald-500 bg-emerald-500 text-white dark:text-zinc-950',
  failed: 'border-red-500 bg-red-500 text-white dark:text-zinc-950',
  skipped: 'border-zinc-300 bg-zinc-100 text-zinc-500 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-400',
  cancelled: 'border-zinc-300 bg-zinc-100 text-zinc-500 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-400',
  compensated: 'border-violet-500 bg-violet-50 text-violet-600 dark:bg-violet-950 dark:text-violet-300',
  scheduled: 'border-sky-300 bg-white text-sky-600 dark:border-sky-700 dark:bg-zinc-900 dark:text-sky-300',
  waiting_for_person: 'border-amber-500 bg-amber-50 text-amber-600 dark:bg-amber-950 dark:text-amber-300',
  compensation_failed: 'border-red-500 bg-red-50 text-red-600 dark:bg-red-950 dark:text-red-300',
  waiting: 'border-amber-400 bg-white text-amber-600 dark:border-amber-600 dark:bg-zinc-900 dark:text-amber-300',
};

function StepIcon({ status }: { status: StepStatus }) {
  const common = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  const glyph = {
    pending: <circle cx="8" cy="8" r="2" fill="currentColor" stroke="none" />,
    running: <circle cx="8" cy="8" r="5" strokeDasharray="20 12" className="origin-center animate-spin" />,
    retrying: <path d="M13 8a5 5 0 1 1-1.5-3.5M13 3v3h-3" />,
    completed: <path d="M3.5 8.5l3 3 6-7" />,
    failed: <path d="M8 4v5M8 12v.01" />,
    skipped: <path d="M4 8h8M9 5l3 3-3 3" />,
    cancelled: <path d="M5 5l6 6M11 5l-6 6" />,
    compensated: <path d="M6 4L3 7l3 3M3 7h7a3 3 0 0 1 0 6H8" />,
    scheduled: <path d="M8 4.5V8l2.5 1.5M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z" />,
    waiting_for_person: <path d="M8 7.5a2.25 2.25 0 1 0 0-4.5 2.25 2.25 0 0 0 0 4.5zM3.5 13.5a4.5 4.5 0 0 1 9 0" />,
    compensation_failed: <path d="M8 4v5M8 12v.01" />,
    waiting: <path d="M6 4.5v7M10 4.5v7" />,
  }[status];
  return (
    <span aria-hidden="true" className={`grid size-7 shrink-0 place-items-center rounded-full border-2 ${ICON_STYLES[status]}`}>
      <svg {...common}>{glyph}</svg>
    </span>
  );
}

function RetryCountdown({ nextRetryAt }: { nextRetryAt: string }) {
  const now = useNow(true);
  const seconds = Math.ceil((new Date(nextRetryAt).getTime() - now) / 1000);
  return <span>{seconds > 0 ? `Next retry in ${seconds} s` : 'Retrying now…'}</span>;
}

/** "in 2 d 3 h", "in 4 min 10 s", "any moment now": how long until a scheduled step runs. */
function Countdown({ at }: { at: string }) {
  const now = useNow(true);
  const ms = new Date(at).getTime() - now;
  if (!(ms > 0)) return <span>any moment now</span>;
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = days > 0 ? [`${days} d`, `${hours} h`] : hours > 0 ? [`${hours} h`, `${minutes} min`] : minutes > 0 ? [`${minutes} min`, `${rest} s`] : [`${rest} s`];
  return <span className="tabular-nums">in {parts.join(' ')}</span>;
}

/** When a scheduled step runs, who owns a task and when it is due, and whether it is late. */
function PlanFacts({ step }: { step: StepView }) {
  const owner = step.owner ? (PLAN_OWNER_LABELS[step.owner as PlanOwner] ?? step.owner) : null;
  const facts: React.ReactNode[] = [];
  if (step.status === 'scheduled' && step.scheduledFor) {
    facts.push(
      <span key="scheduled">
        Runs <time dateTime={step.scheduledFor}>{formatDateTime(step.scheduledFor)}</time> · <Countdown at={step.scheduledFor} />
      </span>,
    );
  }
  if (owner) facts.push(<span key="owner">Owner: {owner}</span>);
  if (step.dueAt && step.status !== 'completed') {
    facts.push(
      <span key="due">
        Due <time dateTime={step.dueAt}>{formatDateTime(step.dueAt)}</time>
      </span>,
    );
  }
  if (step.kind === 'task' && step.blocking && step.status !== 'completed') facts.push(<span key="blocking">Later steps wait for it</span>);
  if (step.completedBy && step.status === 'completed') facts.push(<span key="by">Done by {step.completedBy}</span>);
  return (
    <>
      {facts.length > 0 || step.overdue ? (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          {step.overdue ? (
            <span className="rounded-full bg-red-50 px-2 py-0.5 font-semibold text-red-800 ring-1 ring-inset ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30">
              Overdue
            </span>
          ) : null}
          {facts}
        </p>
      ) : null}
      {step.description && step.status !== 'completed' ? <p className="text-sm text-zinc-700 dark:text-zinc-300">{step.description}</p> : null}
      {step.note ? <p className="rounded-lg bg-zinc-50 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800/60 dark:text-zinc-200">Note: {step.note}</p> : null}
      {step.compensationFailure ? (
        <p className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100">
          Could not be undone: {step.compensationFailure}. HR has been told; undo it by hand.
        </p>
      ) : null}
    </>
  );
}

function FailureReason({ step }: { step: StepView }) {
  const failure = step.lastFailure;
  if (!failure) return null;
  if (step.status === 'completed' || step.status === 'compensated') {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Earlier attempt failed: {failure.message}
      </p>
    );
  }
  const needsPerson = step.status === 'failed';
  const verdict = needsPerson
    ? failure.nonRetryable
      ? 'Permanent — needs a person'
      : 'Out of attempts — needs a person'
    : 'Will retry automatically';
  return (
    <div
      className={`rounded-lg border px-3 py-2 text-sm ${
        needsPerson
          ? 'border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100'
          : 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100'
      }`}
    >
      <p className="font-medium">{failure.message}</p>
      <p className="mt-0.5 text-xs">
        {verdict}
        {step.status === 'retrying' && step.nextRetryAt ? (
          <>
            {' · '}
            <RetryCountdown nextRetryAt={step.nextRetryAt} />
          </>
        ) : null}
      </p>
    </div>
  );
}

interface StepItemProps {
  step: StepView;
  isLast: boolean;
  actions?: React.ReactNode;
}

/** One step of the timeline: what it is, where it stands, why it failed, what it produced. */
export function StepItem({ step, isLast, actions }: StepItemProps) {
  const finishedIn = step.status === 'completed' ? durationBetween(step.startedAt, step.completedAt) : null;
  return (
    <li className="relative flex gap-4 pb-8 last:pb-0">
      {isLast ? null : <span aria-hidden="true" className="absolute left-3.5 top-8 -bottom-0 w-px -translate-x-1/2 bg-zinc-200 dark:bg-zinc-800" />}
      <StepIcon status={step.status} />
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h3 className="font-medium">{step.label}</h3>
          <StepStatusBadge status={step.status} />
          {step.attempt > 0 ? (
            <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
              Attempt {step.attempt} of {step.maxAttempts}
            </span>
          ) : null}
          {finishedIn !== null ? <span className="text-xs text-zinc-600 dark:text-zinc-400">Took {formatDuration(finishedIn)}</span> : null}
        </div>
        <PlanFacts step={step} />
        {step.status === 'waiting' && step.waitingReason ? (
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100">
            {step.waitingReason}. It waits without using attempts and goes on when the service is back (see Services).
          </p>
        ) : null}
        <FailureReason step={step} />
        {step.diagnosis && step.status === 'failed' ? <SuggestedFix diagnosis={step.diagnosis} /> : null}
        {step.approval ? <ApprovalFacts step={step} approval={step.approval} /> : null}
        {step.status === 'retrying' && !step.lastFailure && step.nextRetryAt ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <RetryCountdown nextRetryAt={step.nextRetryAt} />
          </p>
        ) : null}
        {step.result && (step.status === 'completed' || step.status === 'compensated' || (step.approval && step.status === 'waiting_for_person')) ? (
          <div className="rounded-lg bg-zinc-50 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800/60 dark:text-zinc-200">
            {step.status === 'compensated' ? <p className="mb-1 text-xs font-medium text-violet-700 dark:text-violet-300">Undone after the cancellation. It had done this:</p> : null}
            <StepResult stepKey={step.key as StepKey} result={step.result} />
          </div>
        ) : null}
        {actions ? <div className="flex flex-wrap gap-2 pt-1">{actions}</div> : null}
      </div>
    </li>
  );
}

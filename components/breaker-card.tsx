'use client';
/**
 * One service's breaker on the services page, with pause and resume for HR admins. The page shows these
 * once its first request has answered, so they load after the page (next/dynamic in components/services-panel.tsx).
 */
import { useId, useState } from 'react';
import { ApiError } from '@/browser/fetcher';
import { SERVICE_LABELS } from '@/temporal/shared/constants';
import type { ServiceView } from '@/contract/services';
import { formatDateTime } from './format';
import { PauseServiceDialog } from './lazy-dialogs';
import { primaryButton, secondaryButton } from './buttons';

/** The calls that change a breaker, loaded when a person acts. */
const api = () => import('@/browser/api');

const STATE_TEXT: Record<ServiceView['state'], { label: string; classes: string }> = {
  closed: { label: 'Closed (working)', classes: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300' },
  open: { label: 'Open (calls held)', classes: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300' },
  paused: { label: 'Paused', classes: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300' },
};

export function BreakerCard({ view, canChange, onChanged }: { view: ServiceView; canChange: boolean; onChanged: () => Promise<unknown> }) {
  const label = SERVICE_LABELS[view.service];
  const headingId = useId();
  const [pausing, setPausing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const state = STATE_TEXT[view.state];

  async function resume() {
    setPending(true);
    setMessage(null);
    try {
      await (await api()).resumeService(view.service);
      await onChanged();
      setMessage(`${label} resumed: waiting steps go on now.`);
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : `Could not resume ${label}.`);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {label}
        </h2>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${state.classes}`}>{state.label}</span>
      </div>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Since</dt>
        <dd>{view.since ? <time dateTime={view.since}>{formatDateTime(view.since)}</time> : 'always'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Reason</dt>
        <dd>{view.reason ?? '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Failure streak</dt>
        <dd className="tabular-nums">{view.failureStreak}</dd>
      </dl>
      {canChange ? (
        <div className="mt-4 flex flex-wrap gap-2">
          {view.state !== 'paused' ? (
            <button type="button" className={secondaryButton} onClick={() => setPausing(true)}>
              Pause
            </button>
          ) : null}
          {view.state !== 'closed' ? (
            <button type="button" className={primaryButton} aria-disabled={pending || undefined} onClick={() => void (pending ? undefined : resume())}>
              Resume
            </button>
          ) : null}
        </div>
      ) : null}
      <p aria-live="polite" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        {message}
      </p>
      {pausing ? <PauseServiceDialog view={view} onDone={onChanged} onDismiss={() => setPausing(false)} /> : null}
    </section>
  );
}

/** Each outside service's breaker, with a person's pause and resume. */

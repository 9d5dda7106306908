'use client';

import { useId, useState, type FormEvent } from 'react';
import { useCanChange } from '@/components/auth/access-context';
import { ApiError, describeLoadError } from '@/browser/fetcher';
import { useServices } from '@/browser/swr/use-services';
import { SERVICE_LABELS } from '@/temporal/shared/constants';
import type { ServiceView } from '@/contract/services';
import { formatDateTime } from './format';
import { Modal } from './modal';
import { primaryButton, secondaryButton } from './buttons';

/** The calls that change a breaker, loaded when a person acts (not in the page's first load). */
const api = () => import('@/browser/api');

const STATE_TEXT: Record<ServiceView['state'], { label: string; classes: string }> = {
  closed: { label: 'Closed (working)', classes: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300' },
  open: { label: 'Open (calls held)', classes: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300' },
  paused: { label: 'Paused', classes: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300' },
};

const MAX_REASON = 200;

function PauseDialog({ view, onDone, onDismiss }: { view: ServiceView; onDone: () => Promise<unknown>; onDismiss: () => void }) {
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

function ServiceCard({ view, canChange, onChanged }: { view: ServiceView; canChange: boolean; onChanged: () => Promise<unknown> }) {
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
      {pausing ? <PauseDialog view={view} onDone={onChanged} onDismiss={() => setPausing(false)} /> : null}
    </section>
  );
}

/** Each outside service's breaker, with a person's pause and resume. */
export function ServicesPanel() {
  const { services, error, mutate } = useServices({ refreshInterval: 2000 });
  const canChange = useCanChange();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Services</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Each outside service has a breaker. It opens by itself after several failures in a row across onboardings, tests the
          service again after a cool-down, and closes when it answers. A person can pause a service (say, during a known outage)
          and resume it. While a service is paused or open, the steps that call it wait without using attempts; resumed, they run
          within seconds.
        </p>
      </div>
      {error && !services ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {describeLoadError(error)}
        </p>
      ) : null}
      {!services ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading services…</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          {services.map((view) => (
            <ServiceCard key={view.service} view={view} canChange={canChange} onChanged={() => mutate()} />
          ))}
        </div>
      )}
    </div>
  );
}

'use client';

import { useStatusCounts } from '@/browser/swr/use-status-counts';
import { ONBOARDING_STATUSES, type OnboardingStatus } from '@/temporal/shared/constants';
import { ONBOARDING_STATUS_TEXT } from './status-badge';
import type { CountsResponse } from '@/contract/http';

const ACCENT: Record<OnboardingStatus, string> = {
  running: 'bg-sky-500',
  needs_attention: 'bg-amber-500',
  completed: 'bg-emerald-500',
  cancelling: 'bg-violet-500',
  cancelled: 'bg-zinc-400',
  failed: 'bg-red-500',
};

interface CountProps {
  /** The counts as the server rendered them. */
  initial?: CountsResponse | undefined;
  selected: boolean;
  onSelect: () => void;
}

function StatusCount({ status, initial, selected, onSelect }: CountProps & { status: OnboardingStatus }) {
  // Every count shares one request (SWR deduplicates the key), so the seven numbers always agree.
  const { counts, error } = useStatusCounts(initial);
  const count = counts === undefined ? null : counts.statuses[status].toLocaleString('en-US');
  const label = ONBOARDING_STATUS_TEXT[status].label;
  return (
    <li>
      <button
        type="button"
        onClick={onSelect}
        aria-pressed={selected}
        className={`flex w-full flex-col items-start rounded-xl border px-4 py-3 text-left shadow-sm transition-colors ${
          selected
            ? 'border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-400/10'
            : 'border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700'
        }`}
      >
        <span className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className={`size-2 rounded-full ${ACCENT[status]}`} />
          {label}
        </span>
        <span className="mt-1 text-2xl font-semibold tabular-nums">
          {count ?? (error ? <span title="Count unavailable">–</span> : <span className="inline-block h-7 w-8 animate-pulse rounded bg-zinc-200 align-middle dark:bg-zinc-800" />)}
        </span>
      </button>
    </li>
  );
}

/** The "Needs action" view (the at-risk view) with its count; choosing it shows the most urgent first. */
export function NeedsActionCount({ initial, selected, onSelect }: CountProps) {
  const { counts, error } = useStatusCounts(initial);
  const count = counts === undefined ? null : counts.needsAction.toLocaleString('en-US');
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      className={`flex w-full items-center justify-between gap-4 rounded-xl border px-4 py-3 text-left shadow-sm transition-colors ${
        selected
          ? 'border-amber-500 bg-amber-50 dark:border-amber-400 dark:bg-amber-400/10'
          : 'border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700'
      }`}
    >
      <span>
        <span className="block text-sm font-semibold">Needs action</span>
        <span className="block text-xs text-zinc-600 dark:text-zinc-400">Waiting for a person, overdue tasks, or starting within 3 days</span>
      </span>
      <span className="text-2xl font-semibold tabular-nums">
        {count ?? (error ? <span title="Count unavailable">–</span> : <span className="inline-block h-7 w-8 animate-pulse rounded bg-zinc-200 align-middle dark:bg-zinc-800" />)}
      </span>
    </button>
  );
}

/** How many onboardings are in each status; choosing one filters the table. */
export function StatusCounts({
  initial,
  selected,
  onSelect,
}: {
  initial?: CountsResponse | undefined;
  selected: OnboardingStatus | undefined;
  onSelect: (status: OnboardingStatus | undefined) => void;
}) {
  return (
    <section aria-label="Onboardings by status">
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {ONBOARDING_STATUSES.map((status) => (
          <StatusCount
            key={status}
            status={status}
            initial={initial}
            selected={selected === status}
            onSelect={() => onSelect(selected === status ? undefined : status)}
          />
        ))}
      </ul>
    </section>
  );
}

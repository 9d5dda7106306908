'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { describeLoadError, exportUrl, LIST_PAGE_SIZE } from '@/browser/fetcher';
import { useCanChange } from '@/components/auth/access-context';
import { UntilHydrated } from '@/components/until-hydrated';
import { useOnboardings } from '@/browser/swr/use-onboardings';
import { isOnboardingStatus, ONBOARDING_STATUSES, type OnboardingStatus } from '@/temporal/shared/constants';
import type { Selection } from './bulk-toolbar';
import { secondaryButton } from './buttons';
import { OnboardingTable, type RowSelection } from './onboarding-table';
import { ONBOARDING_STATUS_TEXT } from './status-badge';
import { NeedsActionCount, StatusCounts } from './status-counts';
import { TableSkeleton } from './skeletons/table';
import type { CountsResponse, ListResponse } from '@/contract/http';

// Loads after the page (first-load JavaScript, docs/performance.md); still rendered on the server.
const BulkToolbar = dynamic(() => import('./bulk-toolbar').then((m) => m.BulkToolbar));

const SEARCH_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** `initial`: the first page and the counts as the server rendered them (app/page.tsx); polling goes on from there. */
export function OnboardingsView({ initial }: { initial?: { list?: ListResponse | undefined; counts?: CountsResponse | undefined } }) {
  const [status, setStatusOnly] = useState<OnboardingStatus | undefined>(undefined);
  const [view, setView] = useState<'at_risk' | undefined>(undefined);
  // A status and the "Needs action" view are two ways of choosing rows: picking one clears the other.
  const setStatus = (next: OnboardingStatus | undefined) => {
    setStatusOnly(next);
    if (next !== undefined) setView(undefined);
  };
  // Viewers are not offered the form (the API refuses their starts anyway).
  const canChange = useCanChange();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  // Cursors of the pages before the current one, so "Previous page" can go back without the API knowing.
  // They belong to one filter: a new status or search starts again from the first page.
  const filterKey = `${status ?? ''}\u0000${view ?? ''}\u0000${q}`;
  const [paging, setPaging] = useState<{ filterKey: string; cursors: string[] }>({ filterKey, cursors: [] });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [];
  const setCursors = (update: (stack: string[]) => string[]) => setPaging({ filterKey, cursors: update(cursors) });
  const cursor = cursors.at(-1);
  // The server rendered the unfiltered first page: it stands for that page only.
  const firstPage = status === undefined && view === undefined && q === '' && cursor === undefined;
  const { items, nextCursor, error, isLoading } = useOnboardings(
    { status, view, q: q || undefined, pageSize: LIST_PAGE_SIZE, cursor },
    undefined,
    firstPage ? initial?.list : undefined,
  );

  // Selected rows belong to one filter too: changing it clears them, so nothing hidden stays selected. Keyed
  // by what was typed, not the debounced search, so a row ticked just after typing stays ticked.
  const selectionKey = `${status ?? ''}\u0000${view ?? ''}\u0000${search.trim()}`;
  const [selected, setSelected] = useState<{ key: string; selection: Selection }>({
    key: selectionKey,
    selection: { kind: 'ids', ids: new Set() },
  });
  const selection: Selection = selected.key === selectionKey ? selected.selection : { kind: 'ids', ids: new Set() };
  const select = (next: Selection) => setSelected({ key: selectionKey, selection: next });
  const rowSelection: RowSelection = {
    isSelected: (id) => selection.kind === 'all' || selection.ids.has(id),
    toggle: (id, on) => {
      // Unticking a row of "all matching" falls back to the rows of this page that stay ticked.
      const ids = new Set(selection.kind === 'all' ? (items ?? []).map((item) => item.id) : selection.ids);
      if (on) ids.add(id);
      else ids.delete(id);
      select({ kind: 'ids', ids });
    },
    togglePage: (on) => {
      const ids = new Set(selection.kind === 'all' ? [] : selection.ids);
      for (const item of items ?? []) {
        if (on) ids.add(item.id);
        else ids.delete(item.id);
      }
      select({ kind: 'ids', ids });
    },
  };

  const statusId = useId();
  const searchId = useId();
  const filtered = status !== undefined || view !== undefined || q !== '';

  return (
    <UntilHydrated>
      <div className="space-y-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Onboardings</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every new hire’s first days, step by step. Updates by itself.</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {/* A plain link: the browser downloads the file with the session cookie. */}
            <a href={exportUrl({ status, view, q: q || undefined })} download className={secondaryButton}>
              Export CSV
            </a>
            {canChange ? (
              <Link href="/onboardings/import" className={secondaryButton}>
                Import CSV
              </Link>
            ) : null}
            {canChange ? (
              <Link
                href="/onboardings/new"
                className="inline-flex items-center gap-1.5 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 dark:bg-indigo-400 dark:hover:bg-indigo-300 dark:text-zinc-950"
              >
                <span aria-hidden="true">+</span> New hire
              </Link>
            ) : null}
          </div>
        </div>

        <NeedsActionCount
          initial={initial?.counts}
          selected={view === 'at_risk'}
          onSelect={() => {
            setView(view === 'at_risk' ? undefined : 'at_risk');
            setStatusOnly(undefined);
          }}
        />
        <StatusCounts initial={initial?.counts} selected={status} onSelect={setStatus} />

        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex flex-col gap-1">
            <label htmlFor={statusId} className="text-sm font-medium">Status</label>
            <select
              id={statusId}
              value={status ?? ''}
              onChange={(event) => {
                const value = event.target.value;
                setStatus(isOnboardingStatus(value) ? value : undefined);
              }}
              className="rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">All</option>
              {ONBOARDING_STATUSES.map((value) => (
                <option key={value} value={value}>{ONBOARDING_STATUS_TEXT[value].label}</option>
              ))}
            </select>
          </div>
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor={searchId} className="text-sm font-medium">Search</label>
            <input
              id={searchId}
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Employee ID or a word of the name"
              className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-400 sm:max-w-sm"
            />
          </div>
        </div>

        {error ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
            {describeLoadError(error)}
          </div>
        ) : null}

        {items === undefined ? (
          isLoading || !error ? <TableSkeleton /> : null
        ) : items.length === 0 ? (
          <EmptyState filtered={filtered} canStart={canChange} />
        ) : (
          <>
            {canChange ? (
              <BulkToolbar
                selection={selection}
                filter={{ status, q: q || undefined }}
                // A bulk decision names its rows by status and search; the Needs action view is ticked row by row.
                canSelectAllMatching={view === undefined}
                onSelectAllMatching={() => select({ kind: 'all' })}
                onClear={() => select({ kind: 'ids', ids: new Set() })}
              />
            ) : null}
            <OnboardingTable items={items} selection={canChange ? rowSelection : undefined} />
          </>
        )}

        {items !== undefined && (cursors.length > 0 || nextCursor) ? (
          <nav aria-label="Pages" className="flex items-center justify-between gap-3">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors((stack) => stack.slice(0, -1))}
              className="rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              Previous page
            </button>
            <span className="text-sm text-zinc-600 dark:text-zinc-400">Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={!nextCursor}
              onClick={() => nextCursor && setCursors((stack) => [...stack, nextCursor])}
              className="rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              Next page
            </button>
          </nav>
        ) : null}
      </div>
    </UntilHydrated>
  );
}

function EmptyState({ filtered, canStart }: { filtered: boolean; canStart: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center dark:border-zinc-700 dark:bg-zinc-900">
      {filtered ? (
        <>
          <p className="font-medium">No onboardings match.</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Try another status or search for a whole word of the name.</p>
        </>
      ) : (
        <>
          <p className="font-medium">No onboardings yet.</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Start the first one and follow it here, step by step.</p>
          {canStart ? (
            <Link
              href="/onboardings/new"
              className="mt-4 inline-flex rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 dark:bg-indigo-400 dark:text-zinc-950 dark:hover:bg-indigo-300"
            >
              Start with a new hire
            </Link>
          ) : null}
        </>
      )}
    </div>
  );
}

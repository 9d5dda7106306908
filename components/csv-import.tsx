'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { ApiError, IMPORT_TEMPLATE_URL } from '@/browser/fetcher';
import type { ImportPreview } from '@/contract/batches';
import { primaryButton } from './buttons';
import { formatCalendarDate } from './format';

/** The batch calls, loaded when a file is chosen: the page itself polls nothing, so it needs no SWR. */
const batches = () => import('@/browser/batches');

type Row = ImportPreview['rows'][number];

function rowProblem(row: Row): string | undefined {
  if (row.errors?.length) return row.errors.join('; ');
  if (row.duplicateOf) {
    return row.duplicateOf.startsWith('line ')
      ? `Same employee ID as ${row.duplicateOf}`
      : `Already has an onboarding (${row.duplicateOf})`;
  }
  return undefined;
}

/**
 * Upload a CSV of new hires, see what would happen to each row, then start the valid ones as one batch.
 * Nothing starts before "Start N onboardings".
 */
export function CsvImport() {
  const router = useRouter();
  const fileId = useId();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<'reading' | 'starting' | null>(null);
  // One key per preview: pressing Start twice starts one batch.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  async function read(file: File | undefined) {
    setPreview(null);
    setProblem(null);
    if (!file) return;
    setPending('reading');
    try {
      setPreview(await (await batches()).previewImport(file));
      setIdempotencyKey(crypto.randomUUID());
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'The file could not be read. Try again.');
    } finally {
      setPending(null);
    }
  }

  const ready = preview?.rows.flatMap((row) => (row.hire && !row.errors?.length && !row.duplicateOf ? [row.hire] : [])) ?? [];
  const withErrors = preview?.rows.filter((row) => row.errors?.length).length ?? 0;
  const duplicates = preview?.rows.filter((row) => !row.errors?.length && row.duplicateOf).length ?? 0;

  async function start() {
    if (pending || ready.length === 0) return;
    setPending('starting');
    setProblem(null);
    try {
      const { id } = await (await batches()).startImportedOnboardings(ready, idempotencyKey);
      router.push(`/batches/${encodeURIComponent(id)}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'Nothing was started. Try again.');
      setPending(null);
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Import new hires</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          A CSV file with a header row naming the new-hire fields (UTF-8, separated by commas or semicolons, at most 1,000
          rows). You will see every row before anything starts.{' '}
          <a href={IMPORT_TEMPLATE_URL} download className="font-medium text-indigo-700 underline underline-offset-2 hover:no-underline dark:text-indigo-300">
            Download CSV template
          </a>
        </p>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={fileId} className="text-sm font-medium">
          CSV file
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void read(event.target.files?.[0])}
          className="block w-full max-w-md text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-600 file:px-4 file:py-2 file:text-sm file:font-medium file:text-white hover:file:bg-indigo-700 dark:file:bg-indigo-400 dark:file:text-zinc-950"
        />
      </div>
      <div aria-live="polite">
        {pending === 'reading' ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Reading the file…</p> : null}
        {problem ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
            {problem}
          </p>
        ) : null}
        {preview ? (
          <p className="text-sm">
            {preview.rows.length} rows: <strong>{ready.length} ready</strong>, {withErrors} with problems, {duplicates} {duplicates === 1 ? 'duplicate' : 'duplicates'}.
          </p>
        ) : null}
      </div>
      {preview ? (
        <>
          <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Preview of the rows in the file</caption>
              <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-3 py-3 font-medium">Line</th>
                  <th scope="col" className="px-3 py-3 font-medium">Employee ID</th>
                  <th scope="col" className="px-3 py-3 font-medium">Full name</th>
                  <th scope="col" className="px-3 py-3 font-medium">Role</th>
                  <th scope="col" className="px-3 py-3 font-medium">Start date</th>
                  <th scope="col" className="px-3 py-3 font-medium">Check</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {preview.rows.map((row) => {
                  const issue = rowProblem(row);
                  return (
                    <tr key={row.line} className={issue ? 'bg-amber-50/60 dark:bg-amber-950/20' : undefined}>
                      <td className="px-3 py-2 tabular-nums text-zinc-600 dark:text-zinc-400">{row.line}</td>
                      <td className="px-3 py-2">{row.hire?.employeeId ?? row.values?.employeeId ?? '—'}</td>
                      <td className="px-3 py-2">{row.hire?.fullName ?? row.values?.fullName ?? '—'}</td>
                      <td className="px-3 py-2">{row.hire?.role ?? row.values?.role ?? '—'}</td>
                      <td className="whitespace-nowrap px-3 py-2">{row.hire ? formatCalendarDate(row.hire.startDate) : (row.values?.startDate ?? '—')}</td>
                      <td className={`px-3 py-2 ${issue ? 'text-amber-900 dark:text-amber-200' : 'text-emerald-800 dark:text-emerald-300'}`}>
                        {issue ?? 'Ready'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="button" aria-disabled={pending !== null || ready.length === 0} onClick={() => void start()} className={primaryButton}>
            {pending === 'starting' ? 'Starting…' : `Start ${ready.length} onboarding${ready.length === 1 ? '' : 's'}`}
          </button>
        </>
      ) : null}
    </div>
  );
}

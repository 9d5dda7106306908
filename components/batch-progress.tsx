'use client';

import Link from 'next/link';
import { useBatch } from '@/browser/batches';
import { describeLoadError } from '@/browser/fetcher';
import type { BatchView } from '@/contract/batches';

const HEADINGS: Record<BatchView['action'], string> = {
  retry: 'Bulk retry',
  skip: 'Bulk skip',
  cancel: 'Bulk cancel',
  start: 'Import: new onboardings',
};

const OUTCOMES: Record<BatchView['items'][number]['outcome'], { label: string; className: string }> = {
  done: { label: 'Done', className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30' },
  not_applicable: { label: 'Not applicable', className: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/30' },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30' },
};

/** A batch as it runs on the server: a progress bar, the counts and each onboarding's outcome. */
export function BatchProgress({ id }: { id: string }) {
  const { batch, error } = useBatch(id);
  if (!batch) {
    return error ? (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
        {error.status === 404 ? 'No batch with this ID.' : describeLoadError(error)}
      </div>
    ) : (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
    );
  }
  const percent = batch.total === 0 ? 100 : Math.round((batch.done / batch.total) * 100);
  const notApplicable = batch.items.filter((item) => item.outcome === 'not_applicable').length;
  const succeeded = batch.items.filter((item) => item.outcome === 'done').length;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{HEADINGS[batch.action]}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {batch.status === 'completed' ? 'Finished' : 'Running on the server: you can close this page.'}
          {batch.actor ? ` Started by ${batch.actor}.` : ''}
        </p>
      </div>
      <section aria-label="Progress" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-baseline justify-between text-sm">
          <p className="font-medium" aria-live="polite">
            {batch.done} of {batch.total} done
          </p>
          <p className="tabular-nums text-zinc-600 dark:text-zinc-400">{percent}%</p>
        </div>
        <div
          role="progressbar"
          aria-label="Batch progress"
          aria-valuemin={0}
          aria-valuemax={batch.total}
          aria-valuenow={batch.done}
          className="mt-2 h-2.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full rounded-full bg-indigo-500 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          {[
            ['Done', succeeded],
            ['Not applicable', notApplicable],
            ['Failed', batch.failed],
            ['Waiting', batch.pending],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg bg-zinc-50 px-3 py-2 dark:bg-zinc-800/50">
              <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {batch.items.length > 0 ? (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Outcome per onboarding</caption>
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Onboarding</th>
                <th scope="col" className="px-4 py-3 font-medium">Outcome</th>
                <th scope="col" className="px-4 py-3 font-medium">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {batch.items.map((item) => (
                <tr key={item.id}>
                  <td className="px-4 py-3">
                    <Link href={`/onboardings/${encodeURIComponent(item.id)}`} className="font-medium underline-offset-2 hover:underline">
                      {item.name ?? item.id}
                    </Link>
                    {item.name ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{item.id.replace(/^onboarding-/, '')}</div> : null}
                  </td>
                  <td className="px-4 py-3">
                    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${OUTCOMES[item.outcome].className}`}>
                      {OUTCOMES[item.outcome].label}
                    </span>
                  </td>
                  <td className="px-4 py-3 text-zinc-700 dark:text-zinc-300">{item.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The detail page's side column: the hire's details, the activity log and earlier runs. Read-only and
 * beside the timeline, so it loads after the page (next/dynamic in components/onboarding-detail.tsx); the server renders it with the
 * rest, so it is in the first HTML.
 */
import type { Detail } from '@/contract/http';
import { ActivityLog } from './activity-log';
import { formatDateTime } from './format';
import { StatusBadge } from './status-badge';

export function DetailSidePanels({ detail }: { detail: Detail }) {
  return (
    <>
      <HireDetails detail={detail} />
      <ActivityLog events={detail.events} />
      <EarlierRuns detail={detail} />
    </>
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

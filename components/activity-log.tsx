import type { EventView } from '@/contract/http';
import { formatDateTime, formatTime } from './format';

/** The onboarding's durable history, oldest first, as kept in the workflow state. */
export function ActivityLog({ events }: { events: EventView[] }) {
  return (
    <section aria-labelledby="activity-heading" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="activity-heading" className="text-sm font-semibold">
        Activity
      </h2>
      {events.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Nothing has happened yet.</p>
      ) : (
        <ol className="mt-3 space-y-3 text-sm">
          {events.map((event, index) => (
            <li key={`${index}-${event.at}-${event.type}`} className="flex gap-3">
              <time dateTime={event.at} title={formatDateTime(event.at)} className="w-20 shrink-0 tabular-nums text-xs leading-5 text-zinc-600 dark:text-zinc-400">
                {formatTime(event.at)}
              </time>
              <div className="min-w-0">
                <p className="break-words">{event.message}</p>
                {event.actor ? <p className="text-xs text-zinc-600 dark:text-zinc-400">by {event.actor}</p> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

import Link from 'next/link';
import type { Summary } from '@/contract/http';
import { STEP_LABELS } from '@/temporal/shared/constants';
import { formatCalendarDate } from './format';
import { StatusBadge } from './status-badge';

function StepProgress({ summary }: { summary: Summary }) {
  const { completedSteps, totalSteps, currentStep, status } = summary;
  const percent = totalSteps > 0 ? Math.round((completedSteps / totalSteps) * 100) : 0;
  const current = currentStep && (status === 'running' || status === 'needs_attention') ? STEP_LABELS[currentStep] : null;
  return (
    <div className="min-w-40">
      <div className="text-zinc-900 dark:text-zinc-100">{current ?? <span className="text-zinc-600 dark:text-zinc-400">—</span>}</div>
      <div className="mt-1 flex items-center gap-2">
        <div aria-hidden="true" className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full rounded-full bg-indigo-500" style={{ width: `${percent}%` }} />
        </div>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {completedSteps} of {totalSteps}
        </span>
      </div>
    </div>
  );
}

const RISK_TEXT: Record<NonNullable<Summary['risk']>['reason'], string> = {
  needs_person: 'A step needs a person',
  approval_waiting: 'Approval waiting',
  overdue_task: 'A task is overdue',
  starts_soon: 'Starts within 3 days',
};

export interface RowSelection {
  isSelected: (id: string) => boolean;
  toggle: (id: string, selected: boolean) => void;
  /** Every row of this page on or off. */
  togglePage: (selected: boolean) => void;
}

/**
 * The onboardings of one page as a real table: name (link to the timeline), role, start date, status,
 * current step; with `selection`, a checkbox per row for bulk decisions.
 */
export function OnboardingTable({ items, selection }: { items: Summary[]; selection?: RowSelection }) {
  const pageSelected = selection !== undefined && items.length > 0 && items.every((item) => selection.isSelected(item.id));
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Onboardings, newest first</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {selection ? (
              <th scope="col" className="w-10 py-3 pl-4">
                <input
                  type="checkbox"
                  aria-label="Select every onboarding on this page"
                  checked={pageSelected}
                  onChange={(event) => selection.togglePage(event.target.checked)}
                  className="size-4 rounded border-zinc-300 accent-indigo-600 dark:border-zinc-600"
                />
              </th>
            ) : null}
            <th scope="col" className="px-4 py-3 font-medium">Name</th>
            <th scope="col" className="px-4 py-3 font-medium">Role</th>
            <th scope="col" className="px-4 py-3 font-medium">Start date</th>
            <th scope="col" className="px-4 py-3 font-medium">Status</th>
            <th scope="col" className="px-4 py-3 font-medium">Current step</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {items.map((item) => (
            <tr key={item.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              {selection ? (
                <td className="w-10 py-3 pl-4 align-top">
                  <input
                    type="checkbox"
                    aria-label={`Select ${item.fullName}`}
                    checked={selection.isSelected(item.id)}
                    onChange={(event) => selection.toggle(item.id, event.target.checked)}
                    className="mt-0.5 size-4 rounded border-zinc-300 accent-indigo-600 dark:border-zinc-600"
                  />
                </td>
              ) : null}
              <td className="px-4 py-3">
                <Link
                  href={`/onboardings/${encodeURIComponent(item.id)}`}
                  className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-white"
                >
                  {item.fullName}
                </Link>
                <div className="text-xs text-zinc-600 dark:text-zinc-400">{item.employeeId}</div>
              </td>
              <td className="px-4 py-3">
                <div>{item.role}</div>
                {item.department ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{item.department}</div> : null}
              </td>
              <td className="whitespace-nowrap px-4 py-3 tabular-nums">
                <time dateTime={item.startDate}>{formatCalendarDate(item.startDate)}</time>
              </td>
              <td className="px-4 py-3">
                <StatusBadge status={item.status} />
                {item.risk ? <div className="mt-1 text-xs text-amber-800 dark:text-amber-300">{RISK_TEXT[item.risk.reason]}</div> : null}
              </td>
              <td className="px-4 py-3">
                <StepProgress summary={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

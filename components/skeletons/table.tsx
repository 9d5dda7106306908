/** Placeholder with the shape of what is loading, so the page does not jump when data arrives. One file per page, so each page ships only its own. */
import { Bar } from './bar';

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div role="status" aria-label="Loading onboardings" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="space-y-4">
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="flex items-center gap-6">
            <Bar className="h-4 w-40" />
            <Bar className="h-4 w-28" />
            <Bar className="h-4 w-24" />
            <Bar className="h-5 w-20 rounded-full" />
            <Bar className="h-4 w-32" />
          </div>
        ))}
      </div>
    </div>
  );
}

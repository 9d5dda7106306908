/** Placeholder with the shape of what is loading, so the page does not jump when data arrives. One file per page, so each page ships only its own. */
import { Bar } from './bar';

export function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading onboarding" className="space-y-6">
      <Bar className="h-8 w-64" />
      <Bar className="h-4 w-96 max-w-full" />
      <div className="space-y-3">
        {Array.from({ length: 4 }, (_, index) => (
          <Bar key={index} className="h-20 w-full rounded-xl" />
        ))}
      </div>
    </div>
  );
}

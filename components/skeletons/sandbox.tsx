/** Placeholder with the shape of what is loading, so the page does not jump when data arrives. One file per page, so each page ships only its own. */
import { Bar } from './bar';

export function SandboxSkeleton() {
  return (
    <div role="status" aria-label="Loading sandbox" className="grid gap-4 md:grid-cols-2">
      {Array.from({ length: 4 }, (_, index) => (
        <Bar key={index} className="h-64 w-full rounded-xl" />
      ))}
    </div>
  );
}

/** Placeholders with the shape of what is loading, so the page does not jump when data arrives. */
function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

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

export function SandboxSkeleton() {
  return (
    <div role="status" aria-label="Loading sandbox" className="grid gap-4 md:grid-cols-2">
      {Array.from({ length: 4 }, (_, index) => (
        <Bar key={index} className="h-64 w-full rounded-xl" />
      ))}
    </div>
  );
}

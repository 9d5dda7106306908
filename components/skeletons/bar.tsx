/** A pulsing placeholder bar, the piece every loading skeleton is made of. */
export function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

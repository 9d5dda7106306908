/** Runs once when the Next server starts (Node and Edge runtimes both load this file). */
export async function register(): Promise<void> {
  // Compared literally so the Edge build drops the Node-only import.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await import('./instrumentation-node');
  }
}

/** Waiting helpers shared by the chaos and bench scripts. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A whole number of milliseconds between `min` and `max` (inclusive). */
export function randomBetween(min: number, max: number): number {
  return Math.round(min + Math.random() * (max - min));
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, or throws a timeout
 * error naming `what` after `timeoutMs`. Errors thrown by `probe` count as "not yet".
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 500 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${reason}`);
    }
    await sleep(intervalMs);
  }
}

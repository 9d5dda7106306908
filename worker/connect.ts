import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

/**
 * Connects, waiting for Temporal when it is not up yet (for example while `npm start` is still starting
 * it), with a growing pause so a long outage does not turn into a tight loop. Stops waiting on `signal`.
 */
export async function connectWhenReachable(
  options: NativeConnectionOptions,
  signal: AbortSignal,
  log: (line: string) => void = console.log,
): Promise<NativeConnection | undefined> {
  let delayMs = 1_000;
  for (;;) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      if (signal.aborted) return undefined;
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      log(`Temporal is not reachable at ${options.address} yet (${reason}); trying again in ${delayMs / 1000}s`);
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return undefined;
      }
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  }
}

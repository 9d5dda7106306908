import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from '../common/config';

export async function connectionOptions(config: AppConfig): Promise<NativeConnectionOptions> {
  const readIfSet = async (file: string | undefined) => (file ? readFile(file) : undefined);
  const [crt, key, ca] = await Promise.all([
    readIfSet(config.TEMPORAL_TLS_CLIENT_CERT_PATH),
    readIfSet(config.TEMPORAL_TLS_CLIENT_KEY_PATH),
    readIfSet(config.TEMPORAL_TLS_SERVER_CA_CERT_PATH),
  ]);
  const mtls = crt && key ? { clientCertPair: { crt, key } } : {};
  const wantsTls = Boolean(crt || ca || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY);
  return {
    address: config.TEMPORAL_ADDRESS,
    apiKey: config.TEMPORAL_API_KEY,
    tls: wantsTls
      ? { ...mtls, serverRootCACertificate: ca, serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME }
      : undefined,
  };
}

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

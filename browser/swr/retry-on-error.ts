import type { ApiError } from '../fetcher';

const MAX_RETRY_DELAY_MS = 4000;

/**
 * SWR's default backoff grows to minutes; a dashboard should recover within seconds once Temporal or
 * the server is back. A 404 will not fix itself, so it is not retried.
 */
export function retryOnError(
  error: ApiError,
  _key: string,
  _config: unknown,
  revalidate: (options: { retryCount: number }) => void | Promise<boolean>,
  { retryCount }: { retryCount: number },
): void {
  if (error.status === 404) return;
  setTimeout(() => void revalidate({ retryCount }), Math.min(500 * 2 ** retryCount, MAX_RETRY_DELAY_MS));
}

import useSWR from 'swr';
import { fetcher, SERVICES_PATH, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { ServiceView } from '../../contract/services';

/**
 * The services' breakers: every 2 s on the Services page, every 5 s for the banner on the other pages;
 * not at all while `enabled` is false (nobody signed in: the API would only say 401).
 */
export function useServices({ refreshInterval = 5000, enabled = true }: { refreshInterval?: number; enabled?: boolean } = {}) {
  const { data, error, isLoading, mutate } = useSWR<ServiceView[], ApiError>(enabled ? SERVICES_PATH : null, fetcher, {
    refreshInterval,
    onErrorRetry: retryOnError,
  });
  return { services: data, error, isLoading, mutate };
}

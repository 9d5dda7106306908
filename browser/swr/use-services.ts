import useSWR from 'swr';
import { fetcher, SERVICES_PATH, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { ServiceView } from '../../contract/services';

/** The services' breakers: every 2 s on the Services page, every 5 s for the banner on the other pages. */
export function useServices({ refreshInterval = 5000 }: { refreshInterval?: number } = {}) {
  const { data, error, isLoading, mutate } = useSWR<ServiceView[], ApiError>(SERVICES_PATH, fetcher, {
    refreshInterval,
    onErrorRetry: retryOnError,
  });
  return { services: data, error, isLoading, mutate };
}

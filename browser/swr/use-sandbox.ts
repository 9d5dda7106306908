import useSWR from 'swr';
import { fetcher, SANDBOX_STATE_PATH, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { SandboxState } from '../../contract/http';

/** The simulated services' deliveries and faults, polled every 2 s. */
export function useSandbox() {
  const { data, error, isLoading, mutate } = useSWR<SandboxState, ApiError>(SANDBOX_STATE_PATH, fetcher, {
    refreshInterval: 2000,
    onErrorRetry: retryOnError,
  });
  return { state: data, error, isLoading, mutate };
}

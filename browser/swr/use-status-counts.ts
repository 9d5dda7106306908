import useSWR from 'swr';
import { fetcher, ONBOARDING_COUNTS_PATH, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { CountsResponse } from '../../contract/http';

const COUNTS_REFRESH_MS = 5000;

/** How many onboardings are in each status and need action: one request, refreshed every 5 s (`initial`: as the server rendered them). */
export function useStatusCounts(initial?: CountsResponse) {
  const { data, error } = useSWR<CountsResponse, ApiError>(ONBOARDING_COUNTS_PATH, fetcher, {
    refreshInterval: COUNTS_REFRESH_MS,
    onErrorRetry: retryOnError,
    keepPreviousData: true,
    fallbackData: initial,
  });
  return { counts: data, error };
}

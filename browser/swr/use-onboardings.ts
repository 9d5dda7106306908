import useSWR from 'swr';
import { fetcher, onboardingsPath, type ApiError, type OnboardingsQuery } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { ListResponse } from '../../contract/http';

export type { OnboardingsQuery };

/**
 * A page of onboardings, refreshed every few seconds so new hires and status changes show up by themselves.
 * `initial`: this page as the server rendered it, shown until the first answer.
 */
export function useOnboardings(query: OnboardingsQuery, refreshInterval = 2500, initial?: ListResponse) {
  const { data, error, isLoading, mutate } = useSWR<ListResponse, ApiError>(onboardingsPath(query), fetcher, {
    refreshInterval,
    onErrorRetry: retryOnError,
    keepPreviousData: true,
    fallbackData: initial,
  });
  return { items: data?.items, nextCursor: data?.nextCursor ?? null, error, isLoading, mutate };
}

import useSWR from 'swr';
import { fetcher, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { ListResponse } from '../../contract/http';
import type { OnboardingStatus } from '../../temporal/shared/schemas';

export interface OnboardingsQuery {
  status?: OnboardingStatus;
  view?: 'at_risk';
  q?: string;
  pageSize?: number;
  cursor?: string;
}

export function onboardingsUrl({ status, view, q, pageSize, cursor }: OnboardingsQuery): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (view) params.set('view', view);
  if (q) params.set('q', q);
  if (pageSize) params.set('pageSize', String(pageSize));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/api/onboardings?${query}` : '/api/onboardings';
}

/** A page of onboardings, refreshed every few seconds so new hires and status changes show up by themselves. */
export function useOnboardings(query: OnboardingsQuery, refreshInterval = 2500) {
  const { data, error, isLoading, mutate } = useSWR<ListResponse, ApiError>(onboardingsUrl(query), fetcher, {
    refreshInterval,
    onErrorRetry: retryOnError,
    keepPreviousData: true,
  });
  return { items: data?.items, nextCursor: data?.nextCursor ?? null, error, isLoading, mutate };
}

import useSWR from 'swr';
import { fetcher, onboardingPath, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { Detail } from '../../contract/http';
import { FINISHED_STATUSES } from '../../temporal/shared/constants';

const LIVE_REFRESH_MS = 1000;

/**
 * One onboarding, polled every second while it can still change and not at all once it is finished.
 * Polling pauses while the tab is hidden; SWR revalidates on focus when the person comes back.
 * `initial` is what the server rendered the page with: shown at once, then refreshed like any answer.
 */
export function useOnboarding(id: string, initial?: Detail) {
  const { data, error, isLoading, mutate } = useSWR<Detail, ApiError>(
    onboardingPath(id),
    fetcher,
    {
      refreshInterval: (latest) => (latest && FINISHED_STATUSES.includes(latest.status) ? 0 : LIVE_REFRESH_MS),
      refreshWhenHidden: false,
      // SWR reuses a response for `dedupingInterval` (2 s by default): above the 1 s refresh, it made the
      // page update every 2 s instead of every second.
      dedupingInterval: LIVE_REFRESH_MS / 2,
      onErrorRetry: retryOnError,
      fallbackData: initial,
    },
  );
  return { detail: data, error, isLoading, mutate };
}

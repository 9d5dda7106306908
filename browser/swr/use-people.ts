import useSWR from 'swr';
import { fetcher, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { PeopleResponse } from '../../contract/http';

/** Everyone who may sign in (HR admins only). */
export function usePeople() {
  const { data, error, isLoading, mutate } = useSWR<PeopleResponse, ApiError>('/api/users', fetcher, { onErrorRetry: retryOnError });
  return { people: data?.users, error, isLoading, mutate };
}

import useSWR from 'swr';
import { sendJson } from '../api';
import { fetcher, type ApiError } from '../fetcher';
import { retryOnError } from './retry-on-error';
import type { NewPerson, PeopleResponse, PersonChange, PersonResponse } from '../../contract/http';

/** Everyone who may sign in (HR admins only). */
export function usePeople() {
  const { data, error, isLoading, mutate } = useSWR<PeopleResponse, ApiError>('/api/users', fetcher, { onErrorRetry: retryOnError });
  return { people: data?.users, error, isLoading, mutate };
}

export function addPerson(person: NewPerson): Promise<PersonResponse> {
  return sendJson<PersonResponse>('/api/users', 'POST', person);
}

export function changePerson(email: string, change: PersonChange): Promise<PersonResponse> {
  return sendJson<PersonResponse>(`/api/users/${encodeURIComponent(email)}`, 'PATCH', change);
}

/** Uses a one-time link's token (from the URL fragment) to set a password. */
export function setPassword(token: string, password: string): Promise<{ email: string }> {
  return sendJson<{ email: string }>('/api/set-password', 'POST', { token, password });
}

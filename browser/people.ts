/**
 * The calls that add and change people and set a password. Their own module, without SWR: the
 * set-password page polls nothing, so it should not load SWR (docs/performance.md).
 */
import { sendJson } from './fetcher';
import type { NewPerson, PersonChange, PersonResponse } from '../contract/http';

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

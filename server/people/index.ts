import 'server-only';
/**
 * People for the route handlers: the user file's functions with their errors as API errors, and the
 * one-time link as a URL. The link's token travels in the URL's fragment (`#...`), which browsers never
 * send to a server, so it stays out of access logs and Referer headers.
 */
import { getConfig } from '@/server/env';
import { ApiError } from '@/server/api/errors';
import { BusyError } from '@/server/auth/rate-limit';
import { PeopleError, type IssuedLink } from '@/server/auth/users';

export function peopleDataDir(): string {
  return getConfig().DATA_DIR;
}

export function setPasswordUrl(link: IssuedLink): string {
  return `${getConfig().appUrl}/set-password#${link.token}`;
}

const CODE: Record<PeopleError['problem'], ApiError['code']> = {
  not_found: 'not_found',
  already_exists: 'already_exists',
  last_admin: 'last_admin',
  link_invalid: 'not_found',
  link_expired: 'link_expired',
};

/** Runs a people operation; its PeopleError becomes the matching API error. */
export async function asApi<T>(operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof PeopleError) {
      throw new ApiError(CODE[error.problem], error.message);
    }
    if (error instanceof BusyError) {
      throw new ApiError('rate_limited', 'Too many passwords are being checked right now. Try again in a moment.', { headers: { 'Retry-After': '1' } });
    }
    throw error;
  }
}

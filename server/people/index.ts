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

const STATUS: Record<PeopleError['problem'], { status: number; code: ApiError['code'] }> = {
  not_found: { status: 404, code: 'not_found' },
  already_exists: { status: 409, code: 'already_exists' },
  last_admin: { status: 409, code: 'last_admin' },
  link_invalid: { status: 404, code: 'not_found' },
  link_expired: { status: 410, code: 'link_expired' },
};

/** Runs a people operation; its PeopleError becomes the matching API error. */
export async function asApi<T>(operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof PeopleError) {
      const { status, code } = STATUS[error.problem];
      throw new ApiError(status, code, error.message);
    }
    if (error instanceof BusyError) {
      throw new ApiError(429, 'rate_limited', 'Too many passwords are being checked right now. Try again in a moment.', { headers: { 'Retry-After': '1' } });
    }
    throw error;
  }
}

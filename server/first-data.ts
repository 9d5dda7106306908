import 'server-only';
import { getLogger, errorFields } from '@/common/telemetry/logger';

/**
 * How long a page waits on the server for its first data before it is sent without it (the browser then
 * fetches it itself and shows a skeleton or the error meanwhile, as before server rendering).
 */
export const FIRST_DATA_WAIT_MS = 1_500;

/**
 * A page's first data, read on the server through the same code the API answers with, for SWR's
 * `fallback` (keyed by the API URL the page's hook polls): the page arrives with content and keeps
 * polling from there. Undefined when it fails or takes too long: the page must not fail or hang because
 * Temporal does; its hook fetches, retries and says what is wrong.
 */
export async function firstData<T>(what: string, load: () => Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      load(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), FIRST_DATA_WAIT_MS);
      }),
    ]);
  } catch (error) {
    getLogger('web').debug({ ...errorFields(error), what }, 'page rendered without its first data');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** SWR's `fallback`: only the keys whose data arrived. */
export function fallbackOf(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

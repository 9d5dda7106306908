import 'server-only';
import { getLogger, errorFields } from '@/common/telemetry/logger';

/**
 * How long a page waits on the server for its first data before it is sent without it (the browser then
 * fetches it itself and shows a skeleton or the error meanwhile, as before server rendering).
 */
export const FIRST_DATA_WAIT_MS = 1_500;

/**
 * A page's first data, read on the server through the same code the API answers with and handed to the
 * page's SWR hooks as `fallbackData`: the page arrives with content and keeps polling from there. Undefined when it fails or takes too long: the page must not fail or hang because
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

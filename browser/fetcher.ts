/**
 * How the pages read the API: the URLs the SWR hooks poll (browser/swr/) and the one fetcher, which the
 * typed client (browser/api.ts) sends through too. A failed response becomes an `ApiError` carrying the
 * HTTP status and the envelope's code, message and field errors, so callers can say what went wrong
 * instead of spinning forever. The calls that change things are in browser/api.ts, which the pages load
 * when a person acts: a module a page imports is in its first-load JavaScript whole (docs/performance.md).
 */
import type { ErrorCode } from '../contract/http';
import type { OnboardingStatus } from '../temporal/shared/constants';

// ----- URLs -----

export interface OnboardingsQuery {
  status?: OnboardingStatus | undefined;
  /** `at_risk`: the "Needs action" view. */
  view?: 'at_risk' | undefined;
  q?: string | undefined;
  pageSize?: number | undefined;
  cursor?: string | undefined;
}

/** Rows per page of the list; the server renders the first page with this size too (app/page.tsx). */
export const LIST_PAGE_SIZE = 25;

/** `GET` (with the list query) and `POST` (start). Empty filters are left out. */
export function onboardingsPath({ status, view, q, pageSize, cursor }: OnboardingsQuery): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (view) params.set('view', view);
  if (q) params.set('q', q);
  if (pageSize) params.set('pageSize', String(pageSize));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/api/onboardings?${query}` : '/api/onboardings';
}

/** The CSV export of the list with its filters (`GET /api/onboardings/export.csv`). */
export function exportUrl(filter: { status?: OnboardingStatus; view?: 'at_risk'; q?: string }): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.view) params.set('view', filter.view);
  if (filter.q) params.set('q', filter.q);
  const query = params.toString();
  return query ? `/api/onboardings/export.csv?${query}` : '/api/onboardings/export.csv';
}

/** `GET` (detail) and `DELETE` (erase). */
export const onboardingPath = (id: string) => `/api/onboardings/${encodeURIComponent(id)}`;

/** The list page's counts per status and of the "Needs action" view. */
export const ONBOARDING_COUNTS_PATH = '/api/onboardings/counts';

/** The CSV template's URL: a plain download link on the import page, which loads browser/batches.ts (and SWR) only when used. */
export const IMPORT_TEMPLATE_URL = '/api/imports/template.csv';
export const SANDBOX_STATE_PATH = '/api/sandbox/state';
export const SERVICES_PATH = '/api/services';
export const servicePath = (service: string, action: 'pause' | 'resume') => `${SERVICES_PATH}/${encodeURIComponent(service)}/${action}`;

// ----- requests -----

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: ErrorCode | 'network_error' | 'unexpected_response',
    readonly fields: Record<string, string[]> = {},
    /** For `already_exists`: the ID of the onboarding that is already there. */
    readonly existingId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const GENERIC_MESSAGES: Record<number, string> = {
  404: 'Not found.',
  500: 'Something went wrong on our side.',
  503: 'Temporal is unreachable.',
};

function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((problems) => Array.isArray(problems) && problems.every((p) => typeof p === 'string'))
  );
}

/**
 * The error envelope, read by hand: every page uses this module, and parsing with the envelope's zod
 * schema put all of zod (about 34 kB gzipped) into every page's first load. The server builds the
 * envelope from that schema, so the code is one of ours.
 */
function readEnvelope(body: unknown): { code: ErrorCode; message: string; fields?: Record<string, string[]>; id?: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, fields, id } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code: code as ErrorCode,
    message,
    fields: isFieldErrors(fields) ? fields : undefined,
    id: typeof id === 'string' ? id : undefined,
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const envelope = readEnvelope(body);
  if (envelope) {
    const { code, message, fields, id } = envelope;
    return new ApiError(response.status, message, code, fields, id);
  }
  const message = GENERIC_MESSAGES[response.status] ?? `The server answered ${response.status}.`;
  return new ApiError(response.status, message, 'unexpected_response');
}

/** Sends a request and returns the parsed JSON body; throws `ApiError` on anything but a 2xx. */
export async function requestJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
    });
  } catch {
    // The browser gives no useful detail for a dropped connection; the server (or the network) is simply not there.
    throw new ApiError(0, 'The dashboard server cannot be reached.', 'network_error');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

/** POST/PUT/PATCH a JSON body. */
export function sendJson<T>(url: string, method: 'POST' | 'PUT' | 'PATCH', body?: unknown): Promise<T> {
  return requestJson<T>(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** SWR fetcher: the key is the URL. */
export function fetcher<T>(url: string): Promise<T> {
  return requestJson<T>(url);
}

/** A sentence for a person, for errors shown in place of data. */
export function describeLoadError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'temporal_unavailable' || error.status === 503) return 'Temporal is unreachable. Retrying…';
    if (error.code === 'network_error') return 'The dashboard server cannot be reached. Retrying…';
    return `${error.message} Retrying…`;
  }
  return 'Something went wrong while loading. Retrying…';
}

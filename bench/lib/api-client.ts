/**
 * A tiny HTTP client for the dashboard's JSON API, used by the chaos and bench scripts.
 * It speaks only through the public HTTP API, exactly as a user's browser or another service would.
 */
import { isoDay, type NewHireRequest } from '../../temporal/shared/schemas';

interface ApiResponse {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON (for example an HTML error page). */
  body: unknown;
  headers: Headers;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** One request; network errors and timeouts throw (the caller decides whether to retry). */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON: keep the text so a report can show what came back.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  put(path: string, body: unknown) {
    return this.request('PUT', path, body);
  }
}

/** The error code of an API error envelope, if the body is one. */
export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const ROLES = ['Software Engineer', 'Data Scientist', 'Product Manager', 'Accountant', 'Chief Vibes Officer'];
const NAMES = ['Zoë Lefèvre', 'Li Wei 李伟', "Seán O'Brien", 'Amara Okafor', 'Jürgen Groß', 'Ana María Núñez'];

/** A valid new hire with a unique employee ID (`<prefix>-<n>`), varied names and roles. */
export function makeHire(prefix: string, n: number): NewHireRequest {
  const name = NAMES[n % NAMES.length] ?? 'Jane Doe';
  return {
    employeeId: `${prefix}-${n}`,
    fullName: `${name} ${n}`,
    email: `hire${n}@example.com`,
    role: ROLES[n % ROLES.length] ?? 'Software Engineer',
    department: 'Reliability',
    startDate: isoDay(new Date(), 14),
    managerEmail: 'manager@example.com',
  };
}

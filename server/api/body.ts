import 'server-only';
import type { z } from 'zod';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 16 * 1024;

const INVALID_JSON = 'The request body must be a JSON object.';

/** zod issues as `{ "a.b": ["problem"] }`; unknown keys are reported under their own name. */
export function fieldsFromIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  // A Map, not an object literal: a field may be called "__proto__" or "constructor".
  const fields = new Map<string, string[]>();
  const add = (path: string, message: string) => {
    const key = path === '' ? 'body' : path;
    const messages = fields.get(key) ?? [];
    if (!messages.includes(message)) messages.push(message);
    fields.set(key, messages);
  };
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'Unknown field');
    } else {
      add(path, issue.message);
    }
  }
  // fromEntries defines own properties, so "__proto__" stays a plain key.
  return Object.fromEntries(fields);
}

export function invalidInput(issues: readonly z.core.$ZodIssue[], message = 'Some fields need attention.'): ApiError {
  return new ApiError('invalid_input', message, { fields: fieldsFromIssues(issues) });
}

/** A larger body limit for the routes that take many records at once (bulk starts, CSV imports). */
export const MAX_BULK_BODY_BYTES = 1024 * 1024;

export interface BodyLimit {
  maxBytes?: number;
}

/** Reads at most `maxBytes`; a lying or missing Content-Length cannot make us buffer more. */
export async function readLimitedBytes(request: Request, { maxBytes = MAX_BODY_BYTES }: BodyLimit = {}): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('payload_too_large', `The request body is larger than ${maxBytes / 1024} KiB.`);
}

function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [mediaType = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  // JSON is UTF-8 (RFC 8259); any other declared charset would be decoded wrongly.
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** The request's JSON object, unvalidated. Checks media type, size, UTF-8 and JSON syntax. */
export async function readJsonObject(request: Request, limit: BodyLimit = {}): Promise<Record<string, unknown>> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ApiError('unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  const bytes = await readLimitedBytes(request, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_input', INVALID_JSON);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('invalid_input', INVALID_JSON);
  }
  return value as Record<string, unknown>;
}

/** The request body parsed with `schema`; problems become a 400 with `fields`. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, limit: BodyLimit = {}): Promise<z.output<S>> {
  const value = await readJsonObject(request, limit);
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data;
}

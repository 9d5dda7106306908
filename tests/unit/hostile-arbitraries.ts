/**
 * Generators of hostile HTTP input for the property-based API tests (tests/unit/hostile-*.test.ts), and
 * the checks every answer must pass: never a 5xx, always the error envelope, and the code that fits the status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { errorEnvelopeSchema, type ErrorCode } from '@/contract/http';
import { isoDay } from '@/temporal/shared/schemas';
import { PASSING_HOSTILE_CHANNELS, PASSING_HOSTILE_EMAILS, PASSING_HOSTILE_NAMES, PASSING_HOSTILE_ROLES } from './hostile-rules';

const MAX_BODY_BYTES = 16 * 1024;

/** Text an attacker would try in any field: markup, injections, traversal, odd Unicode. */
const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(document.cookie)>',
  "javascript:alert('x')",
  "Robert'); DROP TABLE onboardings;--",
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\u0000',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  '\uD800',
  'Zoë 李 O\'Brien',
  '__proto__',
  'constructor',
  'A'.repeat(5000),
];

/** Keys that would pollute Object.prototype if a parser or merge handled them naively. */
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }) },
);

/** Any JSON value, sometimes with pollution keys and hostile strings inside. */
const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    hostileString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 10 })), tie('value'), {
      maxKeys: 5,
    }),
  ),
})).value;

/** A new hire that passes validation, so hostile strings reach the places they could do harm. */
export function validHire(employeeId = 'e-1'): Record<string, string> {
  return {
    employeeId,
    fullName: 'Jane Doe',
    email: 'jane@example.com',
    role: 'Software Engineer',
    department: 'Platform',
    startDate: isoDay(new Date(), 7),
    managerEmail: 'boss@example.com',
    slackChannel: '#onboarding-team',
  };
}

/** A body: what the client claims it is (content type) and the bytes it actually sends. */
interface HostileBody {
  kind: string;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** A Content-Length header that may lie; undefined = none. */
  contentLength: string | undefined;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

const jsonContentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset="UTF-8"',
);
const otherContentType = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    'application/jsonp',
    'application/json-patch+json',
    'text/html',
    '',
    ';;;',
    'application/json, text/plain',
  ),
  // Only what a header can carry (HTTP forbids control characters in values).
  fc.string({ maxLength: 40 }).filter((s) => !/^\s*application\/json\s*(;|$)/i.test(s) && /^[\t\x20-\x7e]*$/.test(s)),
);

/** Counterexamples print as a short summary, not as tens of thousands of byte values. */
function printable(body: HostileBody): HostileBody {
  const preview = new TextDecoder().decode(body.bytes.slice(0, 160));
  return Object.assign(body, {
    [fc.toStringMethod]: () =>
      `{${body.kind}; content-type ${JSON.stringify(body.contentType)}; content-length ${JSON.stringify(body.contentLength)}; ${body.bytes.byteLength} bytes: ${JSON.stringify(preview)}${body.bytes.byteLength > 160 ? '…' : ''}}`,
  });
}

/** Bodies of every kind of wrong, plus valid hires full of hostile text. */
export function hostileBody(validObject: (n: number) => Record<string, unknown>): fc.Arbitrary<HostileBody> {
  const withType = (kind: string, bytes: fc.Arbitrary<Uint8Array>) =>
    fc.record({
      kind: fc.constant(kind),
      contentType: fc.oneof({ weight: 5, arbitrary: jsonContentType }, { weight: 1, arbitrary: otherContentType }, {
        weight: 1,
        arbitrary: fc.constant(undefined),
      }),
      bytes,
      contentLength: fc.constant(undefined),
    });
  const validWithHostileFields = fc
    .tuple(fc.nat(1_000_000), fc.dictionary(fc.constantFrom('fullName', 'role', 'department', 'email', 'slackChannel', 'managerEmail', 'employeeId', 'startDate', 'patch', 'step'), hostileString, { maxKeys: 3 }))
    .map(([n, overrides]) => json({ ...validObject(n), ...overrides }));
  // Hostile text that passes validation, put into the fields the object already has: these reach the
  // route's own logic (and Temporal, or the simulated service) instead of stopping at the body check.
  const passingHostile = fc
    .tuple(
      fc.nat(1_000_000),
      fc.constantFrom(...PASSING_HOSTILE_NAMES),
      fc.constantFrom(...PASSING_HOSTILE_ROLES),
      fc.constantFrom(...PASSING_HOSTILE_EMAILS),
      fc.constantFrom(...PASSING_HOSTILE_CHANNELS),
    )
    .map(([n, name, role, email, channel]) => {
      const object: Record<string, unknown> = { ...validObject(n) };
      const put = (field: string, value: string) => {
        if (field in object) object[field] = value;
      };
      put('fullName', name);
      put('subject', name);
      put('text', name);
      put('role', role);
      put('department', role);
      put('email', email);
      put('to', email);
      put('managerEmail', email);
      put('slackChannel', channel);
      put('channel', channel);
      return json(object);
    });
  const polluted = fc
    .tuple(fc.nat(1_000_000), fc.constantFrom(...POLLUTION_KEYS), hostileJsonValue)
    .map(([n, key, value]) => {
      const text = JSON.stringify(validObject(n));
      // Written by hand: JSON.stringify would drop a real __proto__ key.
      return encoder.encode(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${text.slice(1)}`);
    });
  const nestedPollution = fc.nat(1_000_000).map((n) =>
    encoder.encode(
      `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${JSON.stringify(validObject(n)).slice(1)}`,
    ),
  );
  const deep = fc
    .tuple(fc.integer({ min: 50, max: 4000 }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => encoder.encode(open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth)));
  const huge = fc
    .tuple(fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }), fc.constantFrom('fullName', 'role', 'zzz'))
    .map(([size, field]) => json({ ...validObject(1), [field]: 'x'.repeat(size) }));
  const invalidUtf8 = fc
    .tuple(fc.constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0xbc], [0xc0, 0xaf]), fc.nat(1_000_000))
    .map(([bad, n]) => {
      const text = JSON.stringify({ ...validObject(n), fullName: 'PLACEHOLDER' });
      const [before = '', after = ''] = text.split('PLACEHOLDER');
      return new Uint8Array([...encoder.encode(before), ...bad, ...encoder.encode(after)]);
    });
  const randomBytes = fc.uint8Array({ maxLength: 600 });
  const notJson = fc.constantFrom('', 'null', '[]', '"string"', '42', 'true', '{', '{"a":1,}', "{'a':1}", 'NaN', '\uFEFF{}').map((t) => encoder.encode(t));

  const lyingLength = fc
    .tuple(fc.nat(1_000_000), fc.constantFrom('0', '1', '99999999', '-1', 'abc', '1e9', String(MAX_BODY_BYTES + 1)))
    .map(([n, declared]) => ({ kind: 'content-length lie', contentType: 'application/json', bytes: json(validObject(n)), contentLength: declared }));
  const smallLieHugeBody = fc.integer({ min: MAX_BODY_BYTES + 1, max: 3 * MAX_BODY_BYTES }).map((size) => ({
    kind: 'small content-length, huge body',
    contentType: 'application/json',
    bytes: json({ ...validObject(2), fullName: 'y'.repeat(size) }),
    contentLength: '10',
  }));

  return fc.oneof(
    withType('random JSON', hostileJsonValue.map((value) => json(value ?? null))),
    { weight: 3, arbitrary: withType('valid shape, hostile text', validWithHostileFields) },
    { weight: 4, arbitrary: withType('valid shape, hostile text that passes', passingHostile) },
    withType('pollution key', polluted),
    withType('nested pollution', nestedPollution),
    withType('deep nesting', deep),
    withType('huge body', huge),
    withType('invalid UTF-8', invalidUtf8),
    withType('random bytes', randomBytes),
    withType('not a JSON object', notJson),
    lyingLength,
    smallLieHugeBody,
  ).map(printable);
}

/** Path IDs: traversal, encoded slashes, odd Unicode and near-valid IDs. */
export const hostileId = fc.oneof(
  fc.constantFrom(
    '..',
    '../..',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f',
    'onboarding-..%2F..',
    'onboarding-../../etc/passwd',
    'onboarding-a/b',
    'onboarding-a%2Fb',
    'onboarding-',
    'onboarding-.hidden',
    'onboarding-' + 'a'.repeat(65),
    'onboarding-a\u0000b',
    'onboarding-<script>',
    'onboarding-ａ',
    'ONBOARDING-a',
    '__proto__',
    'constructor',
    'onboarding-__proto__',
    'onboarding-a b',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 80 }).map((s) => `onboarding-${s}`),
  fc.stringMatching(/^onboarding-[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
);

/** Headers a client might send besides the body's own. */
export const hostileHeaders = fc.dictionary(
  fc.constantFrom('accept', 'accept-encoding', 'x-forwarded-for', 'x-forwarded-host', 'origin', 'sec-fetch-site', 'cookie', 'authorization', 'transfer-encoding', 'x-http-method-override', 'if-none-match', 'range'),
  fc.oneof(hostileString.filter((s) => /^[\t\x20-\x7e]*$/.test(s)), fc.constantFrom('*/*', 'chunked', 'DELETE', 'gzip', 'bytes=0-10', 'Bearer x')),
  { maxKeys: 4 },
);

export function buildRequest(
  url: string,
  method: string,
  body: HostileBody | undefined,
  extraHeaders: Record<string, string> = {},
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  if (body?.contentType !== undefined) headers.set('content-type', body.contentType);
  if (body?.contentLength !== undefined) headers.set('content-length', body.contentLength);
  const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, body: sendsBody ? new Uint8Array(body.bytes) : undefined });
}

const CODES_BY_STATUS: Record<number, readonly ErrorCode[]> = {
  400: ['invalid_input'],
  401: ['unauthenticated'],
  403: ['forbidden'],
  404: ['not_found', 'sandbox_disabled'],
  405: ['method_not_allowed'],
  409: ['already_exists', 'not_retryable', 'not_skippable', 'already_closed', 'not_finished'],
  429: ['rate_limited'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  503: ['temporal_unavailable'],
};

/** The app's own origin in these tests (APP_URL's default). */
const APP_ORIGIN = 'http://localhost:3000';

/**
 * A mutating request that says it comes from another site may be refused with 403 before anything else
 * (cross-site request protection); only then is a 403 acceptable.
 */
export function refusedAsCrossSite(response: Response, headers: Record<string, string>): boolean {
  if (response.status !== 403) return false;
  return (headers.origin !== undefined && headers.origin !== APP_ORIGIN) || headers['sec-fetch-site'] !== undefined;
}

/** What every answer must satisfy, whatever was sent; returns the error code (undefined for a success). */
export async function expectWellFormed(response: Response, label: string): Promise<ErrorCode | undefined> {
  expect(response.status, `${label}: a 5xx`).toBeLessThan(500);
  if (response.status < 400) return undefined;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label}: error body is not JSON: ${text.slice(0, 200)}`);
  }
  const envelope = errorEnvelopeSchema.safeParse(body);
  expect(envelope.success, `${label}: not the error envelope: ${text.slice(0, 300)}`).toBe(true);
  if (!envelope.success) return undefined;
  const code = envelope.data.error.code;
  expect(CODES_BY_STATUS[response.status] ?? [], `${label}: status ${response.status} with code ${code}`).toContain(code);
  expect(text, `${label}: stack trace leaked`).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return code;
}

/** Did anything write to Object.prototype? */
export function expectNoPrototypePollution(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted, 'Object.prototype was polluted').toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

function utf8Valid(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The JSON object a body holds, or undefined when it is not valid UTF-8 JSON of an object. */
function parsedObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  if (!utf8Valid(bytes)) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Which statuses a body may legitimately get before the route's own logic (size, media type, syntax). */
export function bodyGateStatuses(body: HostileBody, { requiresJson = true } = {}): { rejected: Set<number>; object?: Record<string, unknown> } {
  const rejected = new Set<number>();
  if (requiresJson && !isJsonContentType(body.contentType)) rejected.add(415);
  const declared = body.contentLength === undefined ? NaN : Number(body.contentLength);
  if (body.bytes.byteLength > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) rejected.add(413);
  const object = parsedObject(body.bytes);
  if (object === undefined) rejected.add(400);
  return { rejected, object };
}

// ----- what both hostile suites share: how a route module is called -----

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const BASE = 'http://localhost:3000';
export const RUNS = 1000;
/** A thousand runs of a property take seconds, more on a busy two-core machine. */
export const PROPERTY_TIMEOUT_MS = 180_000;

export type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteModule = Partial<Record<(typeof METHODS)[number], Handler>>;

/** The handlers' context types differ per route (their params); the suites call them through one loose shape. */
export const loadRoute = async (loading: Promise<unknown>) => (await loading) as RouteModule;

/** Calls a route's handler for `method` as Next would, with its params. */
export async function callRoute(
  routeModule: RouteModule,
  method: (typeof METHODS)[number],
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  const handler = routeModule[method];
  if (!handler) throw new Error(`${method} is not exported: Next would answer a bare 405 without the error envelope`);
  return handler(request, { params: Promise.resolve(params) });
}

/**
 * Routes keep files in DATA_DIR (the sandbox store, the payload key): point it at a temporary folder for
 * the suite, never the developer's .data/. Set before any route runs, since getConfig() reads it once.
 */
export function withTemporaryDataDir(prefix: string): void {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
    process.env.DATA_DIR = dataDir;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
}

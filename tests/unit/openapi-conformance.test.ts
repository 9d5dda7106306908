/**
 * The OpenAPI document against the route handlers, as a generic OpenAPI fuzzer would hold them to it:
 * requests are generated from the document alone (its JSON Schemas, not our zod), sent to the handlers
 * as Next calls them (Temporal faked, sign-in off), and every answer must have a status the document
 * lists for that path and method, with a body its schema for that status accepts. A schema-valid
 * request is never refused with 400. Methods the document does not list answer 405 with `Allow`,
 * TRACE included (at the HTTP server, where it is answered before Next).
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_ROUTES, MAX_CURSOR_LENGTH, routeMethods } from '@/contract/http';
import { requiredAccess } from '@/server/auth/policy';
import type * as Erase from '@/server/privacy/erase';
import type * as Batches from '@/server/temporal/batches';
import type * as Services from '@/server/temporal/services';
import { BASE, loadRoute, PROPERTY_TIMEOUT_MS, withTemporaryDataDir, type Handler } from './hostile-arbitraries';

vi.mock('server-only', () => ({}));

vi.mock('@/server/temporal/client', () => ({
  TEMPORAL_UNAVAILABLE_MESSAGE: 'Temporal is unreachable',
  startOnboarding: (hire: { employeeId: string }) =>
    Promise.resolve({ id: `onboarding-${hire.employeeId}`, runId: 'run-1', status: 'running' }),
  listOnboardings: () => Promise.resolve({ items: [], nextCursor: null }),
  getOnboarding: async (id: string) => (await import('./detail-fixture')).runningDetail(id, 'e1'),
  retryStep: () => Promise.resolve({ accepted: true }),
  runStepNow: () => Promise.resolve({ accepted: true }),
  rescheduleOnboarding: () => Promise.resolve({ accepted: true }),
  completeTask: () => Promise.resolve({ accepted: true }),
  skipStep: () => Promise.resolve({ accepted: true }),
  decideApproval: () => Promise.resolve({ accepted: true }),
  cancelOnboarding: () => Promise.resolve({ status: 'cancelling' }),
  checkTemporal: () => Promise.resolve('ok'),
  checkReadiness: () => Promise.resolve({ temporal: 'ok', worker: 'polling' }),
}));

vi.mock('@/server/temporal/counts', () => ({
  countOnboardings: () =>
    Promise.resolve({ statuses: { running: 1, needs_attention: 0, completed: 2, cancelling: 0, cancelled: 0, failed: 0 }, needsAction: 0 }),
}));

vi.mock('@/server/temporal/retry-now', () => ({ retryStepNow: () => Promise.resolve({ accepted: true }) }));

vi.mock('@/server/temporal/batches', async (importOriginal) => ({
  ...(await importOriginal<typeof Batches>()),
  startBatch: () => Promise.resolve({ id: 'batch-00000000-0000-4000-8000-000000000000' }),
  getBatch: (id: string) =>
    Promise.resolve({ id, action: 'retry', status: 'running', total: 1, done: 0, failed: 0, items: [], pending: 1, startedAt: '2026-01-01T00:00:00.000Z', closedAt: null }),
  existingOnboardingIds: () => Promise.resolve(new Set<string>()),
}));
vi.mock('@/server/temporal/services', async (importOriginal) => {
  const closed = (service: string) => ({ service, state: 'closed', since: null, reason: null, failureStreak: 0 });
  return {
    parseServiceName: (await importOriginal<typeof Services>()).parseServiceName,
    listServices: () => Promise.resolve(['email', 'llm', 'crm', 'slack'].map(closed)),
    pauseService: (service: string, reason: string) =>
      Promise.resolve({ service, state: 'paused', since: '2026-01-01T00:00:00.000Z', reason: reason.trim(), failureStreak: 0 }),
    resumeService: (service: string) => Promise.resolve(closed(service)),
  };
});

vi.mock('@/server/privacy/erase', async (importOriginal) => ({
  ...(await importOriginal<typeof Erase>()),
  eraseOnboarding: (id: string) => Promise.resolve({ id, erased: true }),
}));

withTemporaryDataDir('openapi-conformance-');

/** The route module behind each documented path. */
const MODULES: Record<string, () => Promise<unknown>> = {
  '/api/onboardings': () => import('@/app/api/onboardings/route'),
  '/api/onboardings/counts': () => import('@/app/api/onboardings/counts/route'),
  '/api/onboardings/{id}': () => import('@/app/api/onboardings/[id]/route'),
  '/api/onboardings/{id}/retry': () => import('@/app/api/onboardings/[id]/retry/route'),
  '/api/onboardings/{id}/skip': () => import('@/app/api/onboardings/[id]/skip/route'),
  '/api/onboardings/{id}/cancel': () => import('@/app/api/onboardings/[id]/cancel/route'),
  '/api/onboardings/{id}/steps/{key}/retry-now': () => import('@/app/api/onboardings/[id]/steps/[key]/retry-now/route'),
  '/api/onboardings/{id}/steps/{key}/run-now': () => import('@/app/api/onboardings/[id]/steps/[key]/run-now/route'),
  '/api/onboardings/{id}/reschedule': () => import('@/app/api/onboardings/[id]/reschedule/route'),
  '/api/onboardings/{id}/tasks/{key}/complete': () => import('@/app/api/onboardings/[id]/tasks/[key]/complete/route'),
  '/api/onboardings/export.csv': () => import('@/app/api/onboardings/export.csv/route'),
  '/api/batches': () => import('@/app/api/batches/route'),
  '/api/batches/{id}': () => import('@/app/api/batches/[id]/route'),
  '/api/imports': () => import('@/app/api/imports/route'),
  '/api/imports/template.csv': () => import('@/app/api/imports/template.csv/route'),
  '/api/act/{token}': () => import('@/app/api/act/[token]/route'),
  '/api/users': () => import('@/app/api/users/route'),
  '/api/users/{email}': () => import('@/app/api/users/[email]/route'),
  '/api/set-password': () => import('@/app/api/set-password/route'),
  '/api/onboardings/{id}/approvals/{key}': () => import('@/app/api/onboardings/[id]/approvals/[key]/route'),
  '/api/services': () => import('@/app/api/services/route'),
  '/api/services/{service}/pause': () => import('@/app/api/services/[service]/pause/route'),
  '/api/services/{service}/resume': () => import('@/app/api/services/[service]/resume/route'),
  '/api/plans': () => import('@/app/api/plans/route'),
  '/api/health': () => import('@/app/api/health/route'),
  '/api/health/live': () => import('@/app/api/health/live/route'),
  '/api/health/ready': () => import('@/app/api/health/ready/route'),
  '/api/metrics': () => import('@/app/api/metrics/route'),
  '/api/openapi.json': () => import('@/app/api/openapi.json/route'),
  '/api/sandbox/email/send': () => import('@/app/api/sandbox/email/send/route'),
  '/api/sandbox/llm/v1/chat/completions': () => import('@/app/api/sandbox/llm/v1/chat/completions/route'),
  '/api/sandbox/crm/contacts/{employeeId}': () => import('@/app/api/sandbox/crm/contacts/[employeeId]/route'),
  '/api/sandbox/slack/chat.postMessage': () => import('@/app/api/sandbox/slack/chat.postMessage/route'),
  '/api/sandbox/slack/conversations.list': () => import('@/app/api/sandbox/slack/conversations.list/route'),
  '/api/sandbox/faults': () => import('@/app/api/sandbox/faults/route'),
  '/api/sandbox/faults/preset': () => import('@/app/api/sandbox/faults/preset/route'),
  '/api/sandbox/reset': () => import('@/app/api/sandbox/reset/route'),
  '/api/sandbox/state': () => import('@/app/api/sandbox/state/route'),
};
const RUNS_PER_OPERATION = 150;

/**
 * Operations a generic fuzzer cannot get through to the work, with why; their answers are still held to
 * the document (every status listed, every body on its schema).
 */
const NO_SUCCESS_FROM_THE_SCHEMA: Record<string, string> = {
  'GET /api/act/{token}': 'the token is a signed credential: a generated one is always forged (404)',
  'POST /api/act/{token}': 'the token is a signed credential: a generated one is always forged (404)',
  'POST /api/set-password': 'the token is a one-time link an HR admin issued: a generated one is never valid (404)',
  'PATCH /api/users/{email}': 'only people who exist can be changed, and a generated address names nobody (404)',
  'POST /api/imports': 'a CSV needs a header row of field names, which a schema for text cannot state (400); tests/unit/csv.test.ts covers it',
};
/** A raw body whose grammar the document cannot state as a schema (a CSV's header row): 400 is a fair answer. */
const RAW_BODY_MAY_BE_REFUSED = new Set(['POST /api/imports']);

/** A concrete path for a documented one, with example values for its parameters. */
const EXAMPLE_PARAMS = { id: 'onboarding-e1', employeeId: 'e1', key: 'welcome-email', token: 'not-a-token', email: 'ada%40example.com' };
function example(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: keyof typeof EXAMPLE_PARAMS) => EXAMPLE_PARAMS[name]);
}

// ----- the document, read as plain JSON Schema -----

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  formatMinimum?: string;
  formatMaximum?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  minProperties?: number;
  items?: Schema;
  contains?: Schema;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json'?: { schema: Schema }; 'text/csv'?: { schema: Schema } } };
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let document: Document;
let ajv: Ajv2020;

beforeAll(async () => {
  const route = (await loadRoute(import('@/app/api/openapi.json/route'))) as Record<string, Handler>;
  const response = await route.GET!(new Request(`${BASE}/api/openapi.json`), { params: Promise.resolve({}) });
  document = (await response.json()) as Document;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  // formatMinimum / formatMaximum (the start date's window) come with ajv-formats' keywords.
  addFormats(ajv, { keywords: true });
  ajv.addSchema({ components: document.components }, 'doc');
});

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return target;
}

const validators = new Map<Schema, ValidateFunction>();
function validator(schema: Schema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // References point into the document's components, registered above as "doc".
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
    validate = ajv.compile(rebased);
    validators.set(schema, validate);
  }
  return validate;
}

/** Values a schema accepts, as a generic fuzzer would draw them from the schema alone. */
function arbitrary(input: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map(arbitrary));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = fc.array(schema.items ? arbitrary(schema.items) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
      if (!schema.contains) return items;
      const { contains, maxItems } = schema;
      return fc
        .tuple(items, arbitrary(contains), fc.nat())
        .map(([list, required, at]) => {
          const copy = list.slice(0, (maxItems ?? Infinity) - 1);
          copy.splice(at % (copy.length + 1), 0, required);
          return copy;
        });
    }
    case 'object':
      return objectArbitrary(schema);
    default:
      return fc.jsonValue();
  }
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  if (schema.format === 'date' && schema.formatMinimum && schema.formatMaximum) {
    const from = Date.parse(schema.formatMinimum);
    const days = Math.round((Date.parse(schema.formatMaximum) - from) / 86_400_000);
    return fc.integer({ min: 0, max: days }).map((day) => new Date(from + day * 86_400_000).toISOString().slice(0, 10));
  }
  const base = schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string({ minLength, maxLength, unit: 'binary' });
  // A `format` (email) narrows the pattern further: keep what the whole string schema accepts.
  const accepts = validator(schema);
  return base.filter((value) => value.length >= minLength && value.length <= maxLength && accepts(value));
}

function objectArbitrary(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).map(([key, value]) => {
    const property = arbitrary(value);
    return [key, required.has(key) ? property : fc.option(property, { nil: undefined })] as const;
  });
  return fc
    .record(Object.fromEntries(entries))
    .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)))
    .filter((record) => Object.keys(record).length >= (schema.minProperties ?? 0));
}

// ----- requests from an operation -----

/** A body sent as it is, with its own media type. */
class RawBody {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {}
}

interface Generated {
  url: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** `cursor` is opaque: only a `nextCursor` this API handed out is one (documented), so none is made up. */
const NOT_GENERATED = new Set(['cursor']);

function requestArbitrary(path: string, operation: Operation): fc.Arbitrary<Generated> {
  const parameters = (operation.parameters ?? []).filter((p) => !NOT_GENERATED.has(p.name));
  const values = Object.fromEntries(
    parameters.map((parameter) => {
      let value: fc.Arbitrary<unknown> = arbitrary(parameter.schema);
      // An HTTP header value is visible ASCII (and Headers would trim the ends anyway).
      if (parameter.in === 'header') value = value.filter((v) => typeof v === 'string' && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v));
      return [`${parameter.in}:${parameter.name}`, parameter.required ? value : fc.option(value, { nil: undefined })];
    }),
  );
  const content = operation.requestBody?.content;
  const body = content?.['application/json']
    ? arbitrary(content['application/json'].schema)
    : content?.['text/csv']
      ? fc.string({ maxLength: 300 }).map((text) => new RawBody('text/csv', text))
      : fc.constant(undefined);
  return fc.record({ values: fc.record(values), body }).map(({ values: drawn, body: drawnBody }) => {
    const params: Record<string, string> = {};
    const headers: Record<string, string> = {};
    const query = new URLSearchParams();
    let url = path;
    for (const [key, drawnValue] of Object.entries(drawn)) {
      if (drawnValue === undefined) continue;
      // Parameters are strings, integers or enums here: their text is what goes on the wire.
      const value = typeof drawnValue === 'number' ? drawnValue.toString() : (drawnValue as string);
      const [where, name = ''] = key.split(':');
      if (where === 'path') {
        params[name] = value;
        url = url.replace(`{${name}}`, encodeURIComponent(value));
      } else if (where === 'query') query.set(name, value);
      else headers[name] = value;
    }
    const search = query.toString();
    return { url: `${BASE}${url}${search ? `?${search}` : ''}`, params, headers, body: drawnBody };
  });
}

async function send(path: string, method: string, generated: Generated): Promise<Response> {
  const routeModule = (await MODULES[path]!()) as Record<string, Handler | undefined>;
  const handler = routeModule[method];
  if (!handler) throw new Error(`${method} ${path} is documented but not exported`);
  const { body } = generated;
  const raw = body instanceof RawBody ? body : undefined;
  const hasBody = body !== undefined;
  const request = new Request(generated.url, {
    method,
    headers: { ...generated.headers, ...(hasBody ? { 'content-type': raw?.contentType ?? 'application/json' } : {}) },
    body: raw ? raw.text : hasBody ? JSON.stringify(body) : undefined,
  });
  return handler(request, { params: Promise.resolve(generated.params) });
}

async function resetSandbox() {
  // A generated fault (up to 120 s of latency) must not slow the next generated call.
  const { getSandboxStore } = await import('@/server/sandbox');
  getSandboxStore().reset();
}

beforeEach(resetSandbox);

// ----- the properties -----

describe('OpenAPI document', () => {
  it('documents every route of the contract, and the access it states is what the policy enforces', () => {
    for (const route of API_ROUTES) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
      const concrete = example(route.path);
      expect(requiredAccess(route.method, concrete), `${route.method} ${route.path}`).toBe(route.access);
    }
    expect(Object.keys(MODULES).sort()).toEqual(Object.keys(document.paths).sort());
  });

  it('states the bounds the handlers check: cursor length, page size, start-date format and window, e-mail pattern', () => {
    const list = document.paths['/api/onboardings']!.get!;
    const parameter = (name: string) => list.parameters!.find((p) => p.name === name)!.schema;
    expect(parameter('cursor').maxLength).toBe(MAX_CURSOR_LENGTH);
    expect(validator(parameter('cursor'))('a'.repeat(5000))).toBe(false);
    expect(parameter('pageSize')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    const hire = resolve(document.paths['/api/onboardings']!.post!.requestBody!.content['application/json']!.schema);
    const startDate = validator(hire.properties!.startDate!);
    expect(hire.properties!.startDate).toMatchObject({ format: 'date' });
    for (const impossible of ['0000-00-00', '2026-02-29', '2026-13-01', '2026-04-31', '2026-1-01']) expect(startDate(impossible), impossible).toBe(false);
    expect(startDate('2020-01-01'), 'outside the window').toBe(false);
    expect(startDate(new Date().toISOString().slice(0, 10)), 'today').toBe(true);
    const email = validator(hire.properties!.email!);
    expect(email('jane@example.com')).toBe(true);
    expect(email('"jane doe"@example.com'), 'RFC-valid but refused by the handler').toBe(false);
  });
});

describe('OpenAPI conformance: generated requests against the handlers', () => {
  const operations = API_ROUTES.map((route) => ({ path: route.path, method: route.method }));
  for (const { path, method } of operations) {
    it(`${method} ${path}: ${RUNS_PER_OPERATION} schema-valid requests, every status documented, no 400`, async () => {
      const operation = document.paths[path]![method.toLowerCase()]!;
      const documented = operation.responses;
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(requestArbitrary(path, operation), async (generated) => {
          if (path.startsWith('/api/sandbox/')) await resetSandbox();
          const json = operation.requestBody?.content['application/json'];
          const requestBody = json ? validator(json.schema) : undefined;
          // The generator itself must only make what the document allows.
          if (requestBody) expect(requestBody(generated.body), JSON.stringify(requestBody.errors)).toBe(true);
          const response = await send(path, method, generated);
          seen.add(response.status);
          const label = `${method} ${generated.url} ${JSON.stringify(generated.body)?.slice(0, 300)}`;
          const text = await response.text();
          expect(Object.keys(documented), `${label}: undocumented ${response.status} ${text.slice(0, 300)}`).toContain(String(response.status));
          if (!RAW_BODY_MAY_BE_REFUSED.has(`${method} ${path}`)) {
            expect(response.status, `${label}: a schema-valid request refused: ${text.slice(0, 300)}`).not.toBe(400);
          }
          // JSON answers are checked against their schema; /api/metrics answers Prometheus text.
          const schema = documented[String(response.status)]?.content?.['application/json']?.schema;
          if (schema) {
            const validate = validator(schema);
            expect(validate(JSON.parse(text)), `${label}: answer off its schema: ${JSON.stringify(validate.errors)}`).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
      // The generated requests got through to the work itself, not only to a gate that refused them.
      if (NO_SUCCESS_FROM_THE_SCHEMA[`${method} ${path}`]) return;
      expect([...seen].some((status) => status >= 200 && status < 300), `statuses seen: ${[...seen].join(', ')}`).toBe(true);
    }, PROPERTY_TIMEOUT_MS);
  }
});

describe('methods the document does not list', () => {
  const paths = [...new Set(API_ROUTES.map((route) => route.path))];

  it('answer 405 method_not_allowed with Allow from the handlers, and OPTIONS 204 with the same Allow', async () => {
    for (const path of paths) {
      const allow = routeMethods(path).join(', ');
      const routeModule = (await MODULES[path]!()) as Record<string, Handler | undefined>;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
        if (routeMethods(path).includes(method as never)) continue;
        const handler = routeModule[method];
        // Next implements HEAD itself for a route with GET: its GET handler without the body.
        if (method === 'HEAD' && routeMethods(path).includes('GET')) continue;
        expect(handler, `${method} ${path} not exported: Next would answer without the envelope`).toBeDefined();
        const response = await handler!(new Request(`${BASE}${example(path)}`, { method }), { params: Promise.resolve(EXAMPLE_PARAMS) });
        expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow);
        if (method === 'OPTIONS') {
          expect(response.status).toBe(204);
        } else {
          expect(response.status, `${method} ${path}`).toBe(405);
          if (method !== 'HEAD') expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
        }
      }
    }
  });

  describe('at the HTTP server, before Next (TRACE and methods Next cannot route)', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      const { installUnroutableMethodGuard } = await import('@/server/api/unroutable-methods');
      installUnroutableMethodGuard();
      // Stands in for Next: anything that reaches it was not answered by the guard.
      server = createServer((_request, response) => response.writeHead(299).end());
      // Loopback only, on a port of this worktree's range.
      server.listen(3920 + Number(process.env.VITEST_POOL_ID ?? 0), '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    const call = (method: string, path: string) =>
      new Promise<{ status: number; allow: string | undefined; body: string }>((done, fail) => {
        const request = httpRequest({ host: '127.0.0.1', port, method, path }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => done({ status: response.statusCode ?? 0, allow: response.headers.allow, body }));
        });
        request.on('error', fail);
        request.end();
      });

    it('TRACE, TRACK, PROPFIND and friends get 405 with the envelope and Allow on every API route; routable methods pass', async () => {
      for (const path of paths) {
        for (const method of ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LINK']) {
          const answer = await call(method, example(path));
          expect(answer.status, `${method} ${path}`).toBe(405);
          expect(answer.allow).toBe(routeMethods(path).join(', '));
          expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
        }
        expect((await call('GET', example(path))).status).toBe(299);
      }
      expect((await call('TRACE', '/onboardings/new')).status).toBe(405);
      expect((await call('TRACE', '/api/temporal-codec/decode')).allow).toBe('POST, OPTIONS');
    });
  });
});

/**
 * Property-based hostile input against every onboarding route handler, called directly as Next would call it
 * (`handler(request, { params })`), with the Temporal adapter replaced by a fake so no server is needed.
 * Each route gets at least 1,000 generated bad inputs: bodies, path IDs, query strings, headers, methods.
 * Whatever arrives, the answer is never a 5xx, errors always use the envelope with the code that fits,
 * and nothing but a validated ID or a validated body ever reaches Temporal.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Erase from '@/server/privacy/erase';
import type { NewHire } from '@/temporal/shared/schemas';
import {
  bodyGateStatuses,
  buildRequest,
  expectNoPrototypePollution,
  expectWellFormed,
  hostileBody,
  hostileHeaders,
  hostileId,
  hostileString,
  refusedAsCrossSite,
  validHire,
  BASE,
  callRoute,
  loadRoute,
  withTemporaryDataDir,
  METHODS,
  PROPERTY_TIMEOUT_MS,
  RUNS,
  type RouteModule,
} from './hostile-arbitraries';
import {
  employeeIdRule,
  listQueryValid,
  newHireProblems,
  retryBodyValid,
  skipBodyValid,
  PASSING_HOSTILE_CHANNELS,
  PASSING_HOSTILE_EMAILS,
  PASSING_HOSTILE_NAMES,
  PASSING_HOSTILE_ROLES,
} from './hostile-rules';

vi.mock('server-only', () => ({}));

const temporal = vi.hoisted(() => ({
  /** Every ID and body that reached the fake Temporal adapter. */
  calls: [] as { fn: string; id?: string; payload?: unknown }[],
}));

vi.mock('@/server/temporal/client', () => ({
  TEMPORAL_UNAVAILABLE_MESSAGE: 'Temporal is unreachable',
  startOnboarding: (hire: NewHire) => {
    temporal.calls.push({ fn: 'start', payload: hire });
    return Promise.resolve({ id: `onboarding-${hire.employeeId}`, runId: 'run-1', status: 'running' });
  },
  listOnboardings: (options: unknown) => {
    temporal.calls.push({ fn: 'list', payload: options });
    return Promise.resolve({ items: [], nextCursor: null });
  },
  getOnboarding: (id: string) => {
    temporal.calls.push({ fn: 'get', id });
    return import('./detail-fixture').then(({ runningDetail }) => runningDetail(id));
  },
  retryStep: (id: string, payload: unknown) => {
    temporal.calls.push({ fn: 'retry', id, payload });
    return Promise.resolve({ accepted: true });
  },
  skipStep: (id: string, payload: unknown) => {
    temporal.calls.push({ fn: 'skip', id, payload });
    return Promise.resolve({ accepted: true });
  },
  cancelOnboarding: (id: string) => {
    temporal.calls.push({ fn: 'cancel', id });
    return Promise.resolve({ status: 'cancelling' });
  },
  checkTemporal: () => Promise.resolve('ok'),
}));

vi.mock('@/server/privacy/erase', async (importOriginal) => ({
  ...(await importOriginal<typeof Erase>()),
  eraseOnboarding: (id: string) => {
    temporal.calls.push({ fn: 'erase', id });
    return Promise.resolve({ id, erased: true });
  },
}));

const routes = {
  onboardings: () => loadRoute(import('@/app/api/onboardings/route')),
  onboarding: () => loadRoute(import('@/app/api/onboardings/[id]/route')),
  retry: () => loadRoute(import('@/app/api/onboardings/[id]/retry/route')),
  skip: () => loadRoute(import('@/app/api/onboardings/[id]/skip/route')),
  cancel: () => loadRoute(import('@/app/api/onboardings/[id]/cancel/route')),
  health: () => loadRoute(import('@/app/api/health/route')),
  openapi: () => loadRoute(import('@/app/api/openapi.json/route')),
  codecDecode: () => loadRoute(import('@/app/api/temporal-codec/decode/route')),
  codecEncode: () => loadRoute(import('@/app/api/temporal-codec/encode/route')),
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

withTemporaryDataDir('hostile-api-');

const isValidId = (id: string) => id.startsWith('onboarding-') && employeeIdRule(id.slice(11));

/** Only validated IDs and bodies may reach the Temporal adapter. */
function expectOnlyValidatedCallsReachedTemporal() {
  for (const call of temporal.calls) {
    if (call.id !== undefined) expect(isValidId(call.id), `unvalidated ID reached Temporal: ${call.id}`).toBe(true);
    const payload = isObject(call.payload) ? call.payload : {};
    if (call.fn === 'start') expect(isObject(call.payload) && newHireProblems(payload), JSON.stringify(call.payload)).toEqual([]);
    if (call.fn === 'retry') expect(isObject(call.payload) && retryBodyValid(payload), JSON.stringify(call.payload)).toBe(true);
    if (call.fn === 'skip') expect(isObject(call.payload) && skipBodyValid(payload), JSON.stringify(call.payload)).toBe(true);
  }
}

beforeEach(() => {
  temporal.calls.length = 0;
});

describe('the rules table, row by row: POST /api/onboardings', () => {
  const base = () => validHire(`rule-${Math.random().toString(36).slice(2, 10)}`);
  // [field, value, passes] written from the README's new-hire rules; the suite's oracle must agree with each row.
  const rows: [string, unknown, boolean][] = [
    ['employeeId', 'a', true],
    ['employeeId', 'A'.repeat(64), true],
    ['employeeId', 'A'.repeat(65), false],
    ['employeeId', '.hidden', false],
    ['employeeId', 'a/b', false],
    ['employeeId', 'a b', false],
    ['fullName', '  Zoë 李 O\'Brien  ', true],
    ['fullName', 'x'.repeat(120), true],
    ['fullName', 'x'.repeat(121), false],
    ['fullName', '   ', false],
    ['fullName', 'Line\nbreak', false],
    ['fullName', 'C1\u0085control', false],
    ['fullName', null, false],
    ['email', "o'brien@example.com", true],
    ['email', 'a..b@example.com', false],
    ['email', '.a@example.com', false],
    ['email', 'a@example', false],
    ['email', `${'a'.repeat(250)}@b.co`, false],
    ['role', 'r'.repeat(80), true],
    ['role', 'r'.repeat(81), false],
    ['role', '', false],
    ['department', '', true],
    ['department', 'd'.repeat(81), false],
    ['startDate', '2025-02-30', false],
    ['startDate', '2026-1-5', false],
    ['slackChannel', '#general', true],
    ['slackChannel', '#General', false],
    ['slackChannel', 'general', false],
    ['slackChannel', `#${'a'.repeat(81)}`, false],
    ['managerEmail', 'not an address', false],
    ['unknownField', 'x', false],
  ];
  it.each(rows)('%s = %j passes: %s', async (field, value, passes) => {
    const body = { ...base(), [field]: value };
    expect(newHireProblems(body), 'the oracle disagrees with the row').toEqual(passes ? [] : [field]);
    const routeModule = await routes.onboardings();
    const response = await callRoute(
      routeModule,
      'POST',
      new Request(`${BASE}/api/onboardings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
    expect(response.status).toBe(passes ? 201 : 400);
  });

  it('hostile text that passes the rules reaches Temporal unchanged (names, roles, quoted e-mail local parts, RTL marks, long words)', async () => {
    const routeModule = await routes.onboardings();
    for (let i = 0; i < PASSING_HOSTILE_NAMES.length; i++) {
      const hire = {
        ...validHire(`pass-${i}`),
        fullName: PASSING_HOSTILE_NAMES[i]!,
        role: PASSING_HOSTILE_ROLES[i % PASSING_HOSTILE_ROLES.length]!,
        email: PASSING_HOSTILE_EMAILS[i % PASSING_HOSTILE_EMAILS.length]!,
        slackChannel: PASSING_HOSTILE_CHANNELS[i % PASSING_HOSTILE_CHANNELS.length]!,
      };
      expect(newHireProblems(hire)).toEqual([]);
      temporal.calls.length = 0;
      const response = await callRoute(
        routeModule,
        'POST',
        new Request(`${BASE}/api/onboardings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hire) }),
      );
      expect(response.status, hire.fullName).toBe(201);
      expect(temporal.calls[0]?.payload).toMatchObject({ fullName: hire.fullName.trim(), role: hire.role.trim(), email: hire.email, slackChannel: hire.slackChannel });
    }
  });
});

describe('hostile input: POST /api/onboardings', () => {
  it(`answers ${RUNS} hostile bodies and headers with 201, 400, 413 or 415 in the envelope`, async () => {
    const routeModule = await routes.onboardings();
    await fc.assert(
      fc.asyncProperty(hostileBody((n) => validHire(`h${n}`)), hostileHeaders, async (body, headers) => {
        temporal.calls.length = 0;
        const response = await callRoute(routeModule, 'POST', buildRequest(`${BASE}/api/onboardings`, 'POST', body, headers));
        const label = `${body.kind} (${body.contentType ?? 'no content type'})`;
        const code = await expectWellFormed(response.clone(), label);
        const { rejected, object } = bodyGateStatuses(body);
        if (refusedAsCrossSite(response, headers)) {
          // Refused before reading anything: fine.
        } else if (rejected.size > 0) {
          expect([...rejected], `${label}: got ${response.status} ${code}`).toContain(response.status);
        } else {
          // Expected from the rules table (hostile-rules.ts), not from the product's schema.
          const problems = newHireProblems(object ?? {});
          expect(response.status, `${label}: ${JSON.stringify(object).slice(0, 200)}`).toBe(problems.length === 0 ? 201 : 400);
          if (problems.length === 0) expect(response.headers.get('location')).toMatch(/^\/api\/onboardings\/onboarding-[A-Za-z0-9._%-]+$/);
          else {
            // The fields the answer names are exactly the ones that break a rule (a field with an empty name,
            // which no form could show, is reported as the body's).
            const fields = ((await response.json()) as { error: { fields?: Record<string, unknown> } }).error.fields ?? {};
            const expected = problems.map((field) => (field === '' ? 'body' : field)).sort();
            expect(Object.keys(fields).sort(), `${label}: ${JSON.stringify(object).slice(0, 200)}`).toEqual(expected);
          }
        }
        expectOnlyValidatedCallsReachedTemporal();
        expectNoPrototypePollution();
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('reports a prototype-pollution key as an unknown field, not a crash', async () => {
    const routeModule = await routes.onboardings();
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const text = `{${JSON.stringify(key)}:{"polluted":"yes"},${JSON.stringify(validHire()).slice(1)}`;
      const response = await callRoute(
        routeModule,
        'POST',
        new Request(`${BASE}/api/onboardings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }),
      );
      expect(response.status, key).toBe(400);
      const body = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('invalid_input');
      expect(Object.keys(body.error.fields)).toContain(key);
      expectNoPrototypePollution();
    }
  });
});

describe('hostile input: GET /api/onboardings', () => {
  const queryKeys = fc.constantFrom('status', 'q', 'pageSize', 'cursor', '__proto__', 'constructor', 'status[]', 'x');
  const queryValue = fc.oneof(
    hostileString,
    fc.constantFrom('running', 'completed', 'needs_attention', 'RUNNING', '1', '100', '101', '0', '-1', '1.5', '1e2', '0x10', ' 5', 'Infinity', 'NaN', ''),
    fc.string({ maxLength: 200 }),
  );
  const rawSuffix = fc.constantFrom('', '&', '&&=&', '%', '%FF%FE', '=%00', '&status', '&pageSize=%', '#frag', '&q=%E2%80%AE');

  it(`answers ${RUNS} hostile query strings with 200 or 400 exactly as the query schema says`, async () => {
    const routeModule = await routes.onboardings();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(queryKeys, queryValue), { maxLength: 6 }), rawSuffix, hostileHeaders, async (pairs, suffix, headers) => {
        const query = new URLSearchParams(pairs).toString() + suffix;
        const url = `${BASE}/api/onboardings?${query}`;
        const response = await callRoute(routeModule, 'GET', buildRequest(url, 'GET', undefined, headers));
        await expectWellFormed(response.clone(), `?${query}`);
        if (refusedAsCrossSite(response, headers)) return;
        const expected = listQueryValid(new URL(url).searchParams) ? 200 : 400;
        expect(response.status, `?${query}`).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('hostile input: routes with an onboarding ID in the path', () => {
  const idRoutes = [
    { name: 'GET /api/onboardings/:id', load: routes.onboarding, method: 'GET' as const, suffix: '', success: 200, schema: null },
    { name: 'DELETE /api/onboardings/:id', load: routes.onboarding, method: 'DELETE' as const, suffix: '', success: 200, schema: null },
    { name: 'POST /api/onboardings/:id/retry', load: routes.retry, method: 'POST' as const, suffix: '/retry', success: 200, schema: retryBodyValid },
    { name: 'POST /api/onboardings/:id/skip', load: routes.skip, method: 'POST' as const, suffix: '/skip', success: 200, schema: skipBodyValid },
    { name: 'POST /api/onboardings/:id/cancel', load: routes.cancel, method: 'POST' as const, suffix: '/cancel', success: 202, schema: null },
  ];
  const actionBodies = (n: number): Record<string, unknown> =>
    [{}, { step: 'welcome-email' }, { step: 'slack-notification', patch: { slackChannel: '#general' } }, { patch: { email: 'a@b.co' } }][n % 4] ?? {};

  for (const route of idRoutes) {
    it(`${route.name}: ${RUNS} hostile IDs, bodies and headers, never a 5xx, 404 for anything that is not an onboarding ID`, async () => {
      const routeModule = await route.load();
      await fc.assert(
        fc.asyncProperty(hostileId, fc.boolean(), hostileBody(actionBodies), hostileHeaders, async (id, encode, body, headers) => {
          temporal.calls.length = 0;
          const segment = encode ? encodeURIComponent(id) : id;
          const url = `${BASE}/api/onboardings/${segment.replace(/[?#]/g, encodeURIComponent)}${route.suffix}`;
          let request: Request;
          try {
            request = buildRequest(url, route.method, route.method === 'GET' ? undefined : body, headers);
          } catch {
            return; // Not even a valid URL: no client could send it.
          }
          // Next hands the handler the decoded segment; a raw one is tried too, in case a proxy does not decode.
          const response = await callRoute(routeModule, route.method, request, { id });
          const label = `${route.name} id=${JSON.stringify(id)} ${body.kind}`;
          const code = await expectWellFormed(response.clone(), label);
          if (refusedAsCrossSite(response, headers)) {
            // Refused before the ID or the body was looked at: fine.
          } else if (!isValidId(id)) {
            expect(response.status, `${label}: ${code}`).toBe(404);
          } else if (route.schema) {
            const { rejected, object } = bodyGateStatuses(body);
            if (rejected.size > 0) expect([...rejected], `${label}: ${response.status}`).toContain(response.status);
            else expect(response.status, label).toBe(object !== undefined && route.schema(object) ? route.success : 400);
          } else {
            expect(response.status, label).toBe(route.success);
          }
          expectOnlyValidatedCallsReachedTemporal();
          expectNoPrototypePollution();
        }),
        { numRuns: RUNS },
      );
    }, PROPERTY_TIMEOUT_MS);
  }
});

describe('hostile input: methods', () => {
  const table: { path: string; load: () => Promise<RouteModule>; allowed: string[]; params: Record<string, string> }[] = [
    { path: '/api/onboardings', load: routes.onboardings, allowed: ['GET', 'POST'], params: {} },
    { path: '/api/onboardings/onboarding-e1', load: routes.onboarding, allowed: ['GET', 'DELETE'], params: { id: 'onboarding-e1' } },
    { path: '/api/onboardings/onboarding-e1/retry', load: routes.retry, allowed: ['POST'], params: { id: 'onboarding-e1' } },
    { path: '/api/onboardings/onboarding-e1/skip', load: routes.skip, allowed: ['POST'], params: { id: 'onboarding-e1' } },
    { path: '/api/onboardings/onboarding-e1/cancel', load: routes.cancel, allowed: ['POST'], params: { id: 'onboarding-e1' } },
    { path: '/api/health', load: routes.health, allowed: ['GET'], params: {} },
    { path: '/api/openapi.json', load: routes.openapi, allowed: ['GET'], params: {} },
    // The Temporal UI's codec endpoint also answers its CORS preflight (OPTIONS, not among METHODS).
    { path: '/api/temporal-codec/decode', load: routes.codecDecode, allowed: ['POST', 'OPTIONS'], params: {} },
    { path: '/api/temporal-codec/encode', load: routes.codecEncode, allowed: ['POST', 'OPTIONS'], params: {} },
  ];

  it('every route answers every method in the envelope: 405 method_not_allowed with Allow for the ones it does not accept', async () => {
    for (const route of table) {
      const routeModule = await route.load();
      for (const method of METHODS) {
        const request = buildRequest(`${BASE}${route.path}`, method, {
          kind: 'json',
          contentType: 'application/json',
          bytes: new TextEncoder().encode('{}'),
          contentLength: undefined,
        });
        const response = await callRoute(routeModule, method, request, route.params);
        const code = await expectWellFormed(response.clone(), `${method} ${route.path}`);
        if (!route.allowed.includes(method)) {
          expect(response.status, `${method} ${route.path}`).toBe(405);
          expect(code).toBe('method_not_allowed');
          expect(response.headers.get('allow')).toBe(route.allowed.join(', '));
        }
      }
    }
  });

  it(`GET /api/health: ${RUNS} hostile query strings and headers, always 200 while Temporal answers`, async () => {
    const routeModule = await routes.health();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 100 }), hostileHeaders, async (query, headers) => {
        const response = await callRoute(routeModule, 'GET', buildRequest(`${BASE}/api/health?${encodeURIComponent(query)}`, 'GET', undefined, headers));
        await expectWellFormed(response.clone(), `health ?${query}`);
        if (!refusedAsCrossSite(response, headers)) expect(response.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('hostile input: OpenAPI document and Temporal UI codec endpoint', () => {
  it(`GET /api/openapi.json: ${RUNS} hostile query strings and headers, always the document`, async () => {
    const routeModule = await routes.openapi();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 100 }), hostileHeaders, async (query, headers) => {
        const response = await callRoute(routeModule, 'GET', buildRequest(`${BASE}/api/openapi.json?${encodeURIComponent(query)}`, 'GET', undefined, headers));
        await expectWellFormed(response.clone(), `openapi ?${query}`);
        if (!refusedAsCrossSite(response, headers)) expect(response.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  const wirePayloads = (n: number) => ({
    payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(`value ${n}`)).toString('base64') }],
  });
  for (const direction of ['decode', 'encode'] as const) {
    it(`POST /api/temporal-codec/${direction}: ${RUNS} hostile bodies and headers, never a 5xx`, async () => {
      const routeModule = await (direction === 'decode' ? routes.codecDecode() : routes.codecEncode());
      await fc.assert(
        fc.asyncProperty(hostileBody(wirePayloads), hostileHeaders, async (body, headers) => {
          const response = await callRoute(routeModule, 'POST', buildRequest(`${BASE}/api/temporal-codec/${direction}`, 'POST', body, headers));
          await expectWellFormed(response.clone(), `codec ${direction} ${body.kind}`);
          expectNoPrototypePollution();
        }),
        { numRuns: RUNS },
      );
    }, PROPERTY_TIMEOUT_MS);
  }
});

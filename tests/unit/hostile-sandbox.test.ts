/**
 * Property-based hostile input against every sandbox route handler (the simulated services the worker
 * calls and the controls the /sandbox page uses), called directly with a store in a temporary folder.
 * At least 1,000 generated bad inputs per route: never a 5xx (no faults are set, so no simulated outage),
 * errors keep their `{error: {code, message}}` shape, and whatever was sent, the sandbox's state stays
 * readable and valid afterwards, so one hostile call cannot break the /sandbox page or the chaos audit.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxStateSchema } from '@/contract/http';
import {
  bodyGateStatuses,
  buildRequest,
  expectNoPrototypePollution,
  expectWellFormed,
  hostileBody,
  hostileHeaders,
  hostileString,
  refusedAsCrossSite,
  BASE,
  callRoute,
  loadRoute,
  withTemporaryDataDir,
  METHODS,
  PROPERTY_TIMEOUT_MS,
  RUNS,
  type RouteModule,
} from './hostile-arbitraries';
import { employeeIdRule, faultRequestValid } from './hostile-rules';

const routes = {
  email: () => loadRoute(import('@/app/api/sandbox/email/send/route')),
  llm: () => loadRoute(import('@/app/api/sandbox/llm/v1/chat/completions/route')),
  crm: () => loadRoute(import('@/app/api/sandbox/crm/contacts/[employeeId]/route')),
  slack: () => loadRoute(import('@/app/api/sandbox/slack/chat.postMessage/route')),
  faults: () => loadRoute(import('@/app/api/sandbox/faults/route')),
  preset: () => loadRoute(import('@/app/api/sandbox/faults/preset/route')),
  reset: () => loadRoute(import('@/app/api/sandbox/reset/route')),
  state: () => loadRoute(import('@/app/api/sandbox/state/route')),
};

withTemporaryDataDir('hostile-sandbox-');
beforeAll(() => {
  process.env.SANDBOX = 'on';
});

/** A simulated service's answer: no 5xx, and errors in `{error: {code, message}}` (services have codes of their own). */
async function expectServiceAnswer(response: Response, label: string): Promise<void> {
  expect(response.status, `${label}: a 5xx`).toBeLessThan(500);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  if (response.status >= 400) {
    expect(typeof body.error?.code, `${label}: ${JSON.stringify(body).slice(0, 200)}`).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  }
}

/** The sandbox state must stay valid whatever was delivered: the page and the chaos audit read it. */
async function expectStateReadable(label: string): Promise<void> {
  const state = await routes.state();
  const response = await callRoute(state, 'GET', new Request(`${BASE}/api/sandbox/state`));
  expect(response.status, `${label}: GET /api/sandbox/state broke`).toBe(200);
  expect(sandboxStateSchema.safeParse(await response.json()).success).toBe(true);
}

const idempotencyKey = fc.oneof(
  fc.constant(undefined),
  fc.stringMatching(/^[A-Za-z0-9:._-]{1,80}$/),
  fc.string({ minLength: 500, maxLength: 600, unit: fc.constantFrom('a', 'Z', '9', ':', '-', '_') }),
  fc.constantFrom('__proto__', 'constructor', '../../etc/passwd', 'x'.repeat(513)),
);

const services = [
  {
    name: 'POST /api/sandbox/email/send',
    load: routes.email,
    method: 'POST' as const,
    valid: (n: number) => ({ to: `hire${n}@example.com`, subject: 'Welcome', text: 'Hello' }),
  },
  {
    name: 'POST /api/sandbox/llm/v1/chat/completions',
    load: routes.llm,
    method: 'POST' as const,
    valid: (n: number) => ({ model: 'sandbox', messages: [{ role: 'user', content: `Role: Software Engineer ${n}` }] }),
  },
  {
    name: 'POST /api/sandbox/slack/chat.postMessage',
    load: routes.slack,
    method: 'POST' as const,
    valid: (n: number) => ({ channel: '#general', text: `New user ${n}` }),
  },
];

describe('hostile input: simulated services', () => {
  for (const service of services) {
    it(`${service.name}: ${RUNS} hostile bodies, headers and idempotency keys`, async () => {
      const routeModule = await service.load();
      await fc.assert(
        fc.asyncProperty(hostileBody(service.valid), hostileHeaders, idempotencyKey, async (body, headers, key) => {
          const request = buildRequest(`${BASE}${service.name.split(' ')[1]}`, service.method, body, {
            ...headers,
            ...(key === undefined ? {} : { 'idempotency-key': key }),
          });
          const response = await callRoute(routeModule, service.method, request);
          const label = `${service.name} ${body.kind}`;
          const { rejected } = bodyGateStatuses(body);
          if (rejected.size > 0 && response.status !== 400 && !refusedAsCrossSite(response, headers)) {
            expect([...rejected], label).toContain(response.status);
          }
          await expectServiceAnswer(response, label);
          expectNoPrototypePollution();
        }),
        { numRuns: RUNS },
      );
      await expectStateReadable(service.name);
    }, PROPERTY_TIMEOUT_MS);
  }

  it(`PUT /api/sandbox/crm/contacts/:employeeId: ${RUNS} hostile employee IDs and bodies`, async () => {
    const routeModule = await routes.crm();
    const employeeId = fc.oneof(
      fc.constantFrom('..', '../../etc/passwd', '..%2F..%2F', 'a/b', '__proto__', 'constructor', '', 'a'.repeat(65), '<script>'),
      fc.string({ maxLength: 70 }),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
    );
    const crmBody = (n: number) => ({ status: 'onboarded', fullName: `Jane ${n}` });
    await fc.assert(
      fc.asyncProperty(employeeId, hostileBody(crmBody), hostileHeaders, async (id, body, headers) => {
        let request: Request;
        try {
          request = buildRequest(`${BASE}/api/sandbox/crm/contacts/${encodeURIComponent(id)}`, 'PUT', body, headers);
        } catch {
          return;
        }
        const response = await callRoute(routeModule, 'PUT', request, { employeeId: id });
        const label = `crm id=${JSON.stringify(id)} ${body.kind}`;
        await expectServiceAnswer(response.clone(), label);
        const { rejected } = bodyGateStatuses(body);
        if (rejected.size === 0 && response.status === 200) {
          expect(employeeIdRule(id), `${label}: accepted a contact ID that is not an employee ID`).toBe(true);
        }
        expectNoPrototypePollution();
      }),
      { numRuns: RUNS },
    );
    await expectStateReadable('crm');
  }, PROPERTY_TIMEOUT_MS);

  it('a delivery cannot overwrite its own id, idempotency key or time with fields from the request', async () => {
    const crm = await routes.crm();
    const body = JSON.stringify({ status: 'onboarded', id: 7, idempotencyKey: 'forged', at: { not: 'a date' } });
    const response = await callRoute(
      crm,
      'PUT',
      new Request(`${BASE}/api/sandbox/crm/contacts/e-forged`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'onboarding-e-forged:run:crm-update' },
        body,
      }),
      { employeeId: 'e-forged' },
    );
    expect(response.status).toBe(200);
    await expectStateReadable('forged delivery fields');
    const state = await callRoute(await routes.state(), 'GET', new Request(`${BASE}/api/sandbox/state`));
    const { deliveries } = sandboxStateSchema.parse(await state.json());
    const delivery = deliveries.crm.find((d) => d.employeeId === 'e-forged');
    expect(delivery?.idempotencyKey).toBe('onboarding-e-forged:run:crm-update');
  });
});

describe('hostile input: sandbox controls', () => {
  it(`PUT /api/sandbox/faults: ${RUNS} hostile bodies, 200 exactly when the fault request is valid`, async () => {
    const routeModule = await routes.faults();
    const faultShaped = fc.record(
      {
        service: fc.oneof(fc.constantFrom('email', 'llm', 'crm', 'slack', 'EMAIL', '__proto__'), hostileString),
        failNext: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), hostileString),
        failRate: fc.oneof(fc.double({ min: -1, max: 2 }), fc.constant(0), hostileString),
        latencyMs: fc.oneof(fc.integer({ min: -1, max: 200_000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
        permanent: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)),
        after: fc.oneof(fc.boolean(), fc.constantFrom('false', 0, null)),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileBody(() => ({ service: 'email', failRate: 0 }))), faultShaped, fc.boolean(), async (body, shaped, useShaped) => {
        const sent = useShaped
          ? { ...body, kind: 'fault-shaped', contentType: 'application/json', contentLength: undefined, bytes: new TextEncoder().encode(JSON.stringify(shaped)) }
          : body;
        const response = await callRoute(routeModule, 'PUT', buildRequest(`${BASE}/api/sandbox/faults`, 'PUT', sent));
        const label = `faults ${sent.kind}`;
        await expectWellFormed(response.clone(), label);
        const { rejected, object } = bodyGateStatuses(sent);
        if (rejected.size > 0) expect([...rejected], label).toContain(response.status);
        // Expected from the rules table (hostile-rules.ts), not from the product's schema.
        else expect(response.status, `${label}: ${JSON.stringify(object)}`).toBe(object !== undefined && faultRequestValid(object) ? 200 : 400);
        expectNoPrototypePollution();
      }),
      { numRuns: RUNS },
    );
    // Leave no fault behind for the other tests in this file.
    await callRoute(await routes.reset(), 'POST', new Request(`${BASE}/api/sandbox/reset`, { method: 'POST' }));
    await expectStateReadable('faults');
  }, PROPERTY_TIMEOUT_MS);

  it(`POST /api/sandbox/faults/preset, POST /api/sandbox/reset, GET /api/sandbox/state and GET /api/sandbox/faults: ${RUNS} hostile requests each`, async () => {
    const preset = await routes.preset();
    const reset = await routes.reset();
    const state = await routes.state();
    const faults = await routes.faults();
    await fc.assert(
      fc.asyncProperty(hostileBody((n) => ({ preset: n % 2 ? 'seed' : 'none' })), hostileHeaders, fc.string({ maxLength: 60 }), async (body, headers, query) => {
        const presetResponse = await callRoute(preset, 'POST', buildRequest(`${BASE}/api/sandbox/faults/preset`, 'POST', body, headers));
        await expectWellFormed(presetResponse, `preset ${body.kind}`);
        const resetResponse = await callRoute(reset, 'POST', buildRequest(`${BASE}/api/sandbox/reset?${encodeURIComponent(query)}`, 'POST', body, headers));
        if (!refusedAsCrossSite(resetResponse, headers)) expect(resetResponse.status).toBe(200);
        const stateResponse = await callRoute(state, 'GET', buildRequest(`${BASE}/api/sandbox/state?${encodeURIComponent(query)}`, 'GET', undefined, headers));
        expect(stateResponse.status).toBe(200);
        const faultsResponse = await callRoute(faults, 'GET', buildRequest(`${BASE}/api/sandbox/faults?${encodeURIComponent(query)}`, 'GET', undefined, headers));
        expect(faultsResponse.status).toBe(200);
        expectNoPrototypePollution();
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('every sandbox route answers every method, 405 method_not_allowed in the envelope for the ones it does not accept', async () => {
    const table: { path: string; load: () => Promise<RouteModule>; allowed: string[]; params?: Record<string, string> }[] = [
      { path: '/api/sandbox/email/send', load: routes.email, allowed: ['POST'] },
      { path: '/api/sandbox/llm/v1/chat/completions', load: routes.llm, allowed: ['POST'] },
      { path: '/api/sandbox/crm/contacts/e1', load: routes.crm, allowed: ['PUT'], params: { employeeId: 'e1' } },
      { path: '/api/sandbox/slack/chat.postMessage', load: routes.slack, allowed: ['POST'] },
      { path: '/api/sandbox/faults', load: routes.faults, allowed: ['GET', 'PUT'] },
      { path: '/api/sandbox/faults/preset', load: routes.preset, allowed: ['POST'] },
      { path: '/api/sandbox/reset', load: routes.reset, allowed: ['POST'] },
      { path: '/api/sandbox/state', load: routes.state, allowed: ['GET'] },
    ];
    for (const route of table) {
      const routeModule = await route.load();
      for (const method of METHODS) {
        if (route.allowed.includes(method)) continue;
        const response = await callRoute(routeModule, method, buildRequest(`${BASE}${route.path}`, method, undefined), route.params);
        expect(response.status, `${method} ${route.path}`).toBe(405);
        expect(await expectWellFormed(response, `${method} ${route.path}`)).toBe('method_not_allowed');
      }
    }
  });
});

/**
 * The HTTP API against the real stack (web + worker + Temporal + sandbox): a table of error cases,
 * each with its status and envelope code, then the happy path from start to completed.
 */
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { clearFaults, newHire, resetSandbox, setFault, startOnboarding, uniqueEmployeeId } from './fixtures';

interface ErrorCase {
  name: string;
  status: number;
  code: string;
  /** Field names that must appear in `error.fields`. */
  fields?: string[];
  send: (request: APIRequestContext) => Promise<APIResponse>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function waitForStatus(request: APIRequestContext, id: string, status: string, timeout = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/onboardings/${id}`);
        return ((await response.json()) as { status?: string }).status;
      },
      { timeout, intervals: [300, 500, 1000] },
    )
    .toBe(status);
}

test.describe('API errors', () => {
  let completedId = '';
  let completedEmployeeId = '';

  test.beforeAll(async ({ request }) => {
    await resetSandbox(request);
    const hire = newHire({ employeeId: uniqueEmployeeId('api-done') });
    completedEmployeeId = hire.employeeId;
    completedId = await startOnboarding(request, hire);
    await waitForStatus(request, completedId, 'completed');
  });

  const cases: ErrorCase[] = [
    {
      name: 'bad fields',
      status: 400,
      code: 'invalid_input',
      fields: ['employeeId', 'email', 'startDate', 'slackChannel'],
      send: (r) =>
        r.post('/api/onboardings', {
          data: { ...newHire(), employeeId: '-bad', email: 'not-an-email', startDate: '2025-02-30', slackChannel: 'onboarding' },
        }),
    },
    {
      name: 'a missing required field',
      status: 400,
      code: 'invalid_input',
      fields: ['fullName'],
      send: (r) => {
        const { fullName: _omitted, ...rest } = newHire();
        return r.post('/api/onboardings', { data: rest });
      },
    },
    {
      name: 'an unknown field',
      status: 400,
      code: 'invalid_input',
      fields: ['isAdmin'],
      send: (r) => r.post('/api/onboardings', { data: { ...newHire(), isAdmin: true } }),
    },
    {
      name: 'a body over 16 KiB',
      status: 413,
      code: 'payload_too_large',
      send: (r) => r.post('/api/onboardings', { headers: JSON_HEADERS, data: JSON.stringify({ ...newHire(), department: 'x'.repeat(17_000) }) }),
    },
    {
      name: 'a body that is not JSON by Content-Type',
      status: 415,
      code: 'unsupported_media_type',
      send: (r) => r.post('/api/onboardings', { headers: { 'content-type': 'text/plain' }, data: JSON.stringify(newHire()) }),
    },
    {
      name: 'malformed JSON',
      status: 400,
      code: 'invalid_input',
      send: (r) => r.post('/api/onboardings', { headers: JSON_HEADERS, data: '{"employeeId": ' }),
    },
    {
      name: 'a JSON array',
      status: 400,
      code: 'invalid_input',
      send: (r) => r.post('/api/onboardings', { headers: JSON_HEADERS, data: '[]' }),
    },
    {
      name: 'a bad list query',
      status: 400,
      code: 'invalid_input',
      fields: ['status', 'pageSize'],
      send: (r) => r.get('/api/onboardings?status=sleeping&pageSize=500'),
    },
    {
      name: 'a forged cursor',
      status: 400,
      code: 'invalid_input',
      fields: ['cursor'],
      send: (r) => r.get('/api/onboardings?cursor=bm90LWEtY3Vyc29y.AAAAAAAAAAAAAAAAAAAAAA'),
    },
    { name: 'an unknown onboarding', status: 404, code: 'not_found', send: (r) => r.get('/api/onboardings/onboarding-does-not-exist-42') },
    { name: 'an ID that cannot be an onboarding', status: 404, code: 'not_found', send: (r) => r.get('/api/onboardings/..%2F..%2Fetc') },
    {
      name: 'retry on an unknown onboarding',
      status: 404,
      code: 'not_found',
      send: (r) => r.post('/api/onboardings/onboarding-does-not-exist-42/retry', { data: {} }),
    },
    {
      name: 'cancel on an unknown onboarding',
      status: 404,
      code: 'not_found',
      send: (r) => r.post('/api/onboardings/onboarding-does-not-exist-42/cancel'),
    },
    {
      name: 'a retry body with an unknown step',
      status: 400,
      code: 'invalid_input',
      fields: ['step'],
      send: (r) => r.post(`/api/onboardings/${completedId}/retry`, { data: { step: 'coffee' } }),
    },
    {
      name: 'a skip body without a step',
      status: 400,
      code: 'invalid_input',
      fields: ['step'],
      send: (r) => r.post(`/api/onboardings/${completedId}/skip`, { data: {} }),
    },
    {
      name: 'a duplicate employee ID',
      status: 409,
      code: 'already_exists',
      send: (r) => r.post('/api/onboardings', { data: newHire({ employeeId: completedEmployeeId }) }),
    },
    {
      name: 'retry when nothing failed',
      status: 409,
      code: 'not_retryable',
      send: (r) => r.post(`/api/onboardings/${completedId}/retry`, { data: {} }),
    },
    {
      name: 'skip when nothing failed',
      status: 409,
      code: 'not_skippable',
      send: (r) => r.post(`/api/onboardings/${completedId}/skip`, { data: { step: 'crm-update' } }),
    },
    {
      name: 'cancel when already closed',
      status: 409,
      code: 'already_closed',
      send: (r) => r.post(`/api/onboardings/${completedId}/cancel`),
    },
    { name: 'an unsupported method', status: 405, code: 'method_not_allowed', send: (r) => r.delete('/api/onboardings') },
    {
      name: 'a bad sandbox fault',
      status: 400,
      code: 'invalid_input',
      fields: ['service', 'failRate'],
      send: (r) => r.put('/api/sandbox/faults', { data: { service: 'fax', failRate: 2 } }),
    },
  ];

  for (const errorCase of cases) {
    test(`${errorCase.name} -> ${errorCase.status} ${errorCase.code}`, async ({ request }) => {
      const response = await errorCase.send(request);
      const text = await response.text();
      expect(response.status(), text).toBe(errorCase.status);
      const body = JSON.parse(text) as { error: { code: string; message: string; fields?: Record<string, string[]>; id?: string } };
      expect(body.error.code).toBe(errorCase.code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
      for (const field of errorCase.fields ?? []) expect(Object.keys(body.error.fields ?? {}), text).toContain(field);
      if (errorCase.code === 'already_exists') expect(body.error.id).toBe(completedId);
    });
  }
});

test.describe('API happy paths', () => {
  test.beforeEach(async ({ request }) => {
    await clearFaults(request);
  });

  test('start -> listed and searchable -> completed with every step done', async ({ request }) => {
    const hire = newHire({ employeeId: uniqueEmployeeId('api-ok'), fullName: 'Zoë Ångström', role: 'Data Scientist' });
    const created = await request.post('/api/onboardings', { data: hire });
    expect(created.status(), await created.text()).toBe(201);
    const started = (await created.json()) as { id: string; runId: string; status: string };
    expect(started).toMatchObject({ id: `onboarding-${hire.employeeId}`, status: 'running' });
    expect(created.headers()['location']).toBe(`/api/onboardings/${started.id}`);

    // Visibility is eventually consistent: poll until the new onboarding is listed.
    for (const q of [hire.employeeId.slice(0, 12), 'zoe', 'ANGSTROM']) {
      await expect
        .poll(async () => {
          const list = (await (await request.get(`/api/onboardings?q=${encodeURIComponent(q)}&pageSize=100`)).json()) as { items: { id: string }[] };
          return list.items.map((item) => item.id);
        }, { timeout: 15_000 })
        .toContain(started.id);
    }

    await waitForStatus(request, started.id, 'completed');
    const detail = (await (await request.get(`/api/onboardings/${started.id}`)).json()) as {
      runId: string;
      steps: { key: string; status: string; attempt: number; maxAttempts: number }[];
      input: { fullName: string };
      temporalUiUrl: string;
      closedAt: string | null;
    };
    expect(detail.runId).toBe(started.runId);
    expect(detail.input.fullName).toBe('Zoë Ångström');
    expect(detail.steps.map((step) => [step.key, step.status])).toEqual([
      ['welcome-email', 'completed'],
      ['learning-path', 'completed'],
      ['crm-update', 'completed'],
      ['slack-notification', 'completed'],
    ]);
    expect(detail.closedAt).not.toBeNull();
    expect(detail.temporalUiUrl).toContain(`/workflows/${started.id}/${started.runId}/history`);

    const completed = (await (await request.get('/api/onboardings?status=completed&pageSize=100')).json()) as { items: { id: string }[] };
    expect(completed.items.map((item) => item.id)).toContain(started.id);
  });

  test('a failed step: retry with a corrected Slack channel, then completed', async ({ request }) => {
    const hire = newHire({ employeeId: uniqueEmployeeId('api-retry'), slackChannel: '#onbording' });
    const id = await startOnboarding(request, hire);
    await waitForStatus(request, id, 'needs_attention');
    const retried = await request.post(`/api/onboardings/${id}/retry`, {
      data: { step: 'slack-notification', patch: { slackChannel: '#onboarding-team' } },
    });
    expect(retried.status(), await retried.text()).toBe(200);
    expect(await retried.json()).toEqual({ accepted: true });
    await waitForStatus(request, id, 'completed');
  });

  test('cancel while a step runs -> 202 cancelling -> cancelled', async ({ request }) => {
    await setFault(request, { service: 'crm', latencyMs: 5_000 });
    const id = await startOnboarding(request, newHire({ employeeId: uniqueEmployeeId('api-cancel') }));
    await expect
      .poll(async () => {
        const detail = (await (await request.get(`/api/onboardings/${id}`)).json()) as { currentStep: string | null };
        return detail.currentStep;
      }, { timeout: 30_000 })
      .toBe('crm-update');
    const cancelled = await request.post(`/api/onboardings/${id}/cancel`);
    expect(cancelled.status(), await cancelled.text()).toBe(202);
    expect(await cancelled.json()).toEqual({ status: 'cancelling' });
    await waitForStatus(request, id, 'cancelled');
    await clearFaults(request);
  });

  test('started again after a cancel: the detail lists the cancelled run, and keeps doing so while polled', async ({ request }) => {
    await setFault(request, { service: 'crm', latencyMs: 5_000 });
    const hire = newHire({ employeeId: uniqueEmployeeId('api-again') });
    const id = await startOnboarding(request, hire);
    const first = (await (await request.get(`/api/onboardings/${id}`)).json()) as { runId: string };
    expect((await request.post(`/api/onboardings/${id}/cancel`)).status()).toBe(202);
    await waitForStatus(request, id, 'cancelled');
    await clearFaults(request);
    const again = await request.post('/api/onboardings', { data: { ...hire, restart: true } });
    expect(again.status(), await again.text()).toBe(201);
    const second = (await again.json()) as { runId: string };
    expect(second.runId).not.toBe(first.runId);
    // Read twice, as an open page polls: the second answer may come from the web app's memory.
    for (let read = 0; read < 2; read++) {
      await expect
        .poll(async () => {
          const detail = (await (await request.get(`/api/onboardings/${id}`)).json()) as { runId: string; earlierRuns: { runId: string; status: string }[] };
          return { runId: detail.runId, earlierRuns: detail.earlierRuns.map((run) => ({ runId: run.runId, status: run.status })) };
        }, { timeout: 15_000 })
        .toEqual({ runId: second.runId, earlierRuns: [{ runId: first.runId, status: 'cancelled' }] });
    }
    await waitForStatus(request, id, 'completed');
  });

  test('health and the OpenAPI document', async ({ request }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok' });
    const openapi = (await (await request.get('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openapi.openapi).toBe('3.1.0');
    for (const path of ['/api/onboardings', '/api/onboardings/{id}', '/api/onboardings/{id}/retry', '/api/onboardings/{id}/skip', '/api/onboardings/{id}/cancel', '/api/health', '/api/sandbox/faults']) {
      expect(Object.keys(openapi.paths)).toContain(path);
    }
  });

  test('TRACE and methods Next cannot route answer 405 with the envelope and Allow, never 500', async ({ request }) => {
    const cases = [
      { path: '/api/onboardings', allow: 'GET, POST' },
      { path: '/api/onboardings/onboarding-e2e-none/retry', allow: 'POST' },
      { path: '/api/health', allow: 'GET' },
      { path: '/api/sandbox/faults', allow: 'GET, PUT' },
    ];
    for (const { path, allow } of cases) {
      for (const method of ['TRACE', 'PROPFIND']) {
        const response = await request.fetch(path, { method });
        expect(response.status(), `${method} ${path}`).toBe(405);
        expect(response.headers()['allow']).toBe(allow);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
      }
      const options = await request.fetch(path, { method: 'OPTIONS' });
      expect(options.status()).toBe(204);
      expect(options.headers()['allow']).toBe(allow);
    }
  });
});

import { describe, expect, it, vi } from 'vitest';

// SANDBOX=off: every simulated-service route answers 404 sandbox_disabled, before reading anything.
vi.mock('@/server/env', () => ({
  getConfig: () => ({ sandboxEnabled: false, DATA_DIR: '/nonexistent-sandbox-dir' }),
}));

const routes = {
  'POST /api/sandbox/email/send': () => import('@/app/api/sandbox/email/send/route').then((m) => m.POST),
  'POST /api/sandbox/llm/v1/chat/completions': () => import('@/app/api/sandbox/llm/v1/chat/completions/route').then((m) => m.POST),
  'PUT /api/sandbox/crm/contacts/E1': () => import('@/app/api/sandbox/crm/contacts/[employeeId]/route').then((m) => m.PUT),
  'POST /api/sandbox/slack/chat.postMessage': () => import('@/app/api/sandbox/slack/chat.postMessage/route').then((m) => m.POST),
  'GET /api/sandbox/state': () => import('@/app/api/sandbox/state/route').then((m) => m.GET),
  'PUT /api/sandbox/faults': () => import('@/app/api/sandbox/faults/route').then((m) => m.PUT),
  'POST /api/sandbox/reset': () => import('@/app/api/sandbox/reset/route').then((m) => m.POST),
  'POST /api/sandbox/faults/preset': () => import('@/app/api/sandbox/faults/preset/route').then((m) => m.POST),
};

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe('SANDBOX=off', () => {
  it.each(Object.entries(routes))('%s answers 404 sandbox_disabled', async (label, load) => {
    const handler = (await load()) as RouteHandler;
    const [method = 'GET', pathname = '/'] = label.split(' ');
    const request = new Request(`http://test${pathname}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify({ service: 'email', preset: 'seed' }),
    });
    const response = await handler(request, { params: Promise.resolve({ employeeId: 'E1' }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'sandbox_disabled' } });
  });
});

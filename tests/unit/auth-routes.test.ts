/**
 * The route handlers guard themselves (through withApi), without proxy.ts in front, and record who
 * acted. Temporal is mocked: this is about who may call what and what reaches the workflow.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tokenName } from '@/server/auth/tokens';

const VIEWER_TOKEN = 'routes-viewer-token-0123456789';
const ADMIN_TOKEN = 'routes-admin-token-0123456789';

const temporal = vi.hoisted(() => ({
  cancelOnboarding: vi.fn(() => Promise.resolve({ status: 'cancelling' as const })),
  retryStep: vi.fn(() => Promise.resolve({ accepted: true as const })),
  skipStep: vi.fn(() => Promise.resolve({ accepted: true as const })),
}));
vi.mock('@/server/temporal/client', () => temporal);

type RouteHandler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
let cancel: RouteHandler;
let retry: RouteHandler;

beforeAll(async () => {
  vi.stubEnv('AUTH_SECRET', 'routes-test-secret-0123456789abcdef0123');
  vi.stubEnv('API_TOKENS', `${VIEWER_TOKEN}:viewer,${ADMIN_TOKEN}:hr-admin`);
  vi.stubEnv('APP_URL', 'http://localhost:3000');
  vi.resetModules();
  cancel = (await import('@/app/api/onboardings/[id]/cancel/route')).POST;
  retry = (await import('@/app/api/onboardings/[id]/retry/route')).POST;
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => {
  vi.clearAllMocks();
});

const context = { params: Promise.resolve({ id: 'onboarding-e1' }) };
function post(path: string, headers: Record<string, string> = {}, body?: unknown): Request {
  return new Request(`http://localhost:3000${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('route handlers on their own', () => {
  it('refuse a request without credentials', async () => {
    const response = await cancel(post('/api/onboardings/onboarding-e1/cancel'), context);
    expect(response.status).toBe(401);
    expect(temporal.cancelOnboarding).not.toHaveBeenCalled();
  });

  it('refuse a viewer', async () => {
    const response = await retry(post('/api/onboardings/onboarding-e1/retry', { authorization: `Bearer ${VIEWER_TOKEN}` }, {}), context);
    expect(response.status).toBe(403);
    expect(temporal.retryStep).not.toHaveBeenCalled();
  });

  it('refuse a cross-site request even from an admin', async () => {
    const response = await cancel(
      post('/api/onboardings/onboarding-e1/cancel', { authorization: `Bearer ${ADMIN_TOKEN}`, origin: 'https://evil.example' }),
      context,
    );
    expect(response.status).toBe(403);
  });

  it('pass an admin through and hand the actor to the workflow', async () => {
    const cancelled = await cancel(post('/api/onboardings/onboarding-e1/cancel', { authorization: `Bearer ${ADMIN_TOKEN}` }), context);
    expect(cancelled.status).toBe(202);
    expect(temporal.cancelOnboarding).toHaveBeenCalledWith('onboarding-e1', tokenName(ADMIN_TOKEN));
    const retried = await retry(post('/api/onboardings/onboarding-e1/retry', { authorization: `Bearer ${ADMIN_TOKEN}` }, { step: 'crm-update' }), context);
    expect(retried.status).toBe(200);
    expect(temporal.retryStep).toHaveBeenCalledWith('onboarding-e1', { step: 'crm-update' }, tokenName(ADMIN_TOKEN));
  });
});

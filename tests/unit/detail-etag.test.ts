/**
 * The polled detail answers with an ETag and 304 Not Modified while nothing changed, and a new answer
 * (with a new tag) as soon as something did: a browser revalidating every second never shows stale data.
 * Temporal is mocked: the detail is whatever the test says the onboarding is now.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Detail } from '@/contract/http';
import { matchesEtag } from '@/server/api/handler';
import { API_ROUTES } from '@/contract/http';
import { runningDetail } from './detail-fixture';

const running = runningDetail('onboarding-e1');

const temporal = vi.hoisted((): { detail: unknown } => ({ detail: undefined }));
vi.mock('@/server/temporal/client', () => ({ getOnboarding: () => Promise.resolve(temporal.detail) }));

let GET: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

beforeAll(async () => {
  vi.stubEnv('APP_URL', 'http://localhost:3000');
  vi.resetModules();
  GET = (await import('@/app/api/onboardings/[id]/route')).GET;
});
afterAll(() => {
  vi.unstubAllEnvs();
});

function get(headers: Record<string, string> = {}): Promise<Response> {
  return GET(new Request('http://localhost:3000/api/onboardings/onboarding-e1', { headers }), { params: Promise.resolve({ id: 'onboarding-e1' }) });
}

describe('GET /api/onboardings/:id, polled', () => {
  it('answers 200 with a tag the browser may keep and must revalidate', async () => {
    temporal.detail = running;
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(((await response.json()) as Detail).currentStep).toBe('welcome-email');
  });

  it('answers 304 with no body while the onboarding is unchanged, and the new detail once it changed', async () => {
    temporal.detail = running;
    const etag = (await get()).headers.get('etag') ?? '';
    const unchanged = await get({ 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);

    temporal.detail = { ...running, currentStep: 'learning-path' };
    const changed = await get({ 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as Detail).currentStep).toBe('learning-path');
  });

  it('documents the 304 it gives, `If-None-Match: *` included (a client may send it without any copy)', async () => {
    temporal.detail = running;
    const any = await get({ 'If-None-Match': 'x, *' });
    expect(any.status).toBe(304);
    const route = API_ROUTES.find((r) => r.method === 'GET' && r.path === '/api/onboardings/{id}');
    expect(Object.keys(route?.answers ?? {})).toEqual(expect.arrayContaining(['200', '304']));
  });

  it('reads If-None-Match as RFC 9110 says: lists, weak tags and *', () => {
    expect(matchesEtag('"a", "b"', '"b"')).toBe(true);
    expect(matchesEtag('W/"b"', '"b"')).toBe(true);
    expect(matchesEtag('*', '"b"')).toBe(true);
    expect(matchesEtag('"a"', '"b"')).toBe(false);
    expect(matchesEtag(null, '"b"')).toBe(false);
    expect(matchesEtag('b', '"b"')).toBe(false);
  });
});

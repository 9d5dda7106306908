/**
 * What an operator relies on without a Temporal server: the logger's redaction and formats, the request
 * ID every API answer carries, the health probes, who may read /api/metrics, and the worker metrics
 * ports the supervisor hands out. Temporal is mocked.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, maskAddresses, REDACTED } from '@/common/telemetry/logger';
import { prettyLine } from '@/common/telemetry/pretty';
import { Stack } from '@/scripts/lib/stack';

const temporal = vi.hoisted(() => ({
  checkReadiness: vi.fn(() => Promise.resolve({ temporal: 'ok' as const, worker: 'polling' as const })),
}));
vi.mock('@/server/temporal/client', () => temporal);

const VIEWER_TOKEN = 'observability-viewer-token-0123456789';
type RouteHandler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
const context = { params: Promise.resolve({}) };

function captured(format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination, format, level: 'info' }) };
}

describe('the logger', () => {
  it('censors name and address fields and masks addresses in messages', () => {
    const { lines, logger } = captured();
    logger.info(
      { hire: { fullName: 'Zoë Example', email: 'zoe@example.com' }, patch: { email: 'new@example.com' }, step: 'crm-update' },
      'CRM refused jane.doe@example.org',
    );
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      service: 'test',
      msg: `CRM refused ${REDACTED}`,
      hire: { fullName: REDACTED, email: REDACTED },
      patch: REDACTED,
      step: 'crm-update',
    });
    expect(lines[0]).not.toMatch(/Zoë|@example/);
  });

  it('masks every address in a text and leaves other text alone', () => {
    expect(maskAddresses('to a.b+c@mail.example.com and x@y.io, not @channel')).toBe(`to ${REDACTED} and ${REDACTED}, not @channel`);
  });

  it('writes short lines when pretty, and leaves text that is not a log record unchanged', () => {
    const { lines, logger } = captured('pretty');
    logger.warn({ step: 'welcome-email' }, 'attempt failed');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}\[test\] attempt failed step=welcome-email$/);
    expect(prettyLine('plain output from next')).toBe('plain output from next');
    expect(prettyLine('42')).toBe('42');
  });
});

describe('API requests', () => {
  let live: RouteHandler;
  let ready: RouteHandler;
  let metrics: RouteHandler;

  beforeAll(async () => {
    vi.stubEnv('AUTH_SECRET', 'observability-test-secret-0123456789abcdef');
    vi.stubEnv('API_TOKENS', `${VIEWER_TOKEN}:viewer`);
    vi.stubEnv('APP_URL', 'http://localhost:3000');
    vi.resetModules();
    live = (await import('@/app/api/health/live/route')).GET;
    ready = (await import('@/app/api/health/ready/route')).GET;
    metrics = (await import('@/app/api/metrics/route')).GET;
  });
  afterAll(() => vi.unstubAllEnvs());
  beforeEach(() => vi.clearAllMocks());

  const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost:3000${path}`, { headers });

  it('echo a sane x-request-id and replace one that is not', async () => {
    const kept = await live(get('/api/health/live', { 'x-request-id': 'lb-7f3a.42' }), context);
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42');
    const replaced = await live(get('/api/health/live', { 'x-request-id': 'bad id <script>' }), context);
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const fresh = await live(get('/api/health/live'), context);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answer liveness without asking Temporal, even with sign-in on', async () => {
    const response = await live(get('/api/health/live'), context);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(temporal.checkReadiness).not.toHaveBeenCalled();
  });

  it('answer readiness 200 with a polling worker, 503 saying what is missing otherwise', async () => {
    expect((await ready(get('/api/health/ready'), context)).status).toBe(200);

    temporal.checkReadiness.mockResolvedValueOnce({ temporal: 'ok', worker: 'none' } as never);
    const noWorker = await ready(get('/api/health/ready'), context);
    expect(noWorker.status).toBe(503);
    expect(await noWorker.json()).toMatchObject({ status: 'not_ready', temporal: 'ok', worker: 'none', message: expect.stringContaining('no worker') as unknown });

    temporal.checkReadiness.mockResolvedValueOnce({ temporal: 'unavailable', worker: 'unknown' } as never);
    const noTemporal = await ready(get('/api/health/ready'), context);
    expect(noTemporal.status).toBe(503);
    expect(await noTemporal.json()).toMatchObject({ status: 'not_ready', temporal: 'unavailable', message: 'Temporal is unreachable.' });
  });

  it('serve /api/metrics to any API token while sign-in is on, and to nobody else', async () => {
    expect((await metrics(get('/api/metrics'), context)).status).toBe(401);
    const response = await metrics(get('/api/metrics', { authorization: `Bearer ${VIEWER_TOKEN}` }), context);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    // The refused request above was measured too, under its route and status.
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/metrics",status="401"\} 1/);
  });
});

describe('worker metrics ports under the supervisor', () => {
  const stack = (env: Record<string, string | undefined>) => new Stack({ webPort: 3000, temporalPort: 7233, dataDir: '.data', env });

  it('give worker N the base port + N - 1, 9464 by default', () => {
    expect([1, 2, 3].map((index) => stack({ WORKER_METRICS_PORT: undefined }).workerMetricsPort(index))).toEqual([9464, 9465, 9466]);
    expect([1, 2].map((index) => stack({ WORKER_METRICS_PORT: '3195' }).workerMetricsPort(index))).toEqual([3195, 3196]);
  });

  it('keep every worker\'s endpoint off with 0', () => {
    expect([1, 2].map((index) => stack({ WORKER_METRICS_PORT: '0' }).workerMetricsPort(index))).toEqual([0, 0]);
  });
});

describe('route labels of http_request_duration_seconds', () => {
  it('replace IDs with placeholders, so each onboarding or batch does not get its own series', async () => {
    const { routeOf } = await import('@/server/observability/metrics');
    expect(routeOf('/api/onboardings')).toBe('/api/onboardings');
    expect(routeOf('/api/onboardings/onboarding-e1/retry')).toBe('/api/onboardings/:id/retry');
    expect(routeOf('/api/onboardings/onboarding-e1/steps/crm-update/retry-now')).toBe('/api/onboardings/:id/steps/:key/retry-now');
    expect(routeOf('/api/batches/batch-42')).toBe('/api/batches/:id');
    expect(routeOf('/api/onboardings/onboarding-e1/tasks/laptop/complete')).toBe('/api/onboardings/:id/tasks/:key/complete');
    expect(routeOf('/api/sandbox/crm/contacts/e1')).toBe('/api/sandbox/crm/contacts/:employeeId');
    // The fixed routes beside the IDs keep their own names.
    expect(routeOf('/api/onboardings/counts')).toBe('/api/onboardings/counts');
    expect(routeOf('/api/onboardings/export.csv')).toBe('/api/onboardings/export.csv');
    expect(routeOf('/api/onboardings/countsx')).toBe('/api/onboardings/:id');
  });

  it('never carry a link token or a user\'s address', async () => {
    const { routeOf } = await import('@/server/observability/metrics');
    expect(routeOf('/api/act/eyJhbGciOi.secret-token')).toBe('/api/act/:token');
    expect(routeOf('/api/users/ann%40example.com')).toBe('/api/users/:email');
  });
});

/**
 * Observability end to end in one process: the real POST /api/onboardings route handler starts an
 * onboarding on a local Temporal server, the real worker setup (runtime, interceptors, workflow
 * interceptor modules) runs it, and the CRM step calls a local HTTP service through the real HTTP
 * client. An in-test OTLP receiver must get one connected trace (route → workflow → activities →
 * outgoing HTTP call); both metrics endpoints must parse as Prometheus text; the logs must carry the
 * trace and request IDs and never the hire's name or e-mail address.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetryWorld, type TelemetryWorld } from './support/telemetry-world';

const TASK_QUEUE = 'onboarding-telemetry';
const HIRE = {
  employeeId: 'trace-1',
  fullName: 'Zoë Tracewell',
  email: 'zoe.tracewell@example.com',
  role: 'Software Engineer',
  startDate: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The samples of a Prometheus text, once the whole text has parsed (parse-prometheus-text-format throws
 * on a malformed line). That library folds labelled histograms into one label-less series, so the
 * samples themselves are read here, one `name{labels} value` per line.
 */
function prometheusSamples(text: string): Sample[] {
  parsePrometheusTextFormat(text);
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key = '', value = ''] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

describe('telemetry of one onboarding', () => {
  let world: TelemetryWorld;

  beforeAll(async () => {
    world = await startTelemetryWorld({ exportSpans: true, taskQueue: TASK_QUEUE, script: ['onboarding-trace-1', { email: ['transient'] }] });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('exports one connected trace from the route through workflow and activities to the outgoing HTTP call', async () => {
    const { spans, crmTraceparents, logLines, client, tracing } = world;
    const response = await world.postHire(HIRE, 'telemetry-test-1');
    expect(response.status, logLines.filter((line) => line.includes('"level":"error"')).join('\n')).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('telemetry-test-1');

    const handle = client.workflow.getHandle('onboarding-trace-1');
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 30_000, interval: 200 }).toBe('COMPLETED');
    await tracing.spanProcessor.forceFlush();

    const route = spans.find((span) => span.name === 'POST /api/onboardings');
    expect(route, `spans received: ${spans.map((s) => s.name).join(', ')}`).toBeDefined();
    const trace = spans.filter((span) => span.traceId === route!.traceId);
    const names = trace.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['StartWorkflow:onboardingWorkflow', 'RunWorkflow:onboardingWorkflow', 'PUT CRM']));
    expect(names.filter((name) => name.startsWith('RunActivity:')).length).toBeGreaterThanOrEqual(4);

    // Every span of the trace hangs from the route span: parent links lead back to it.
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    for (const span of trace) {
      let current = span;
      while (current.parentSpanId && byId.has(current.parentSpanId)) current = byId.get(current.parentSpanId)!;
      expect(current.spanId, `${span.name} is not connected to the route span`).toBe(route!.spanId);
    }
    const httpSpan = trace.find((span) => span.name === 'PUT CRM')!;
    expect(byId.get(httpSpan.parentSpanId)?.name).toMatch(/^RunActivity:/);
    // The CRM was asked with the same trace in its traceparent header.
    expect(crmTraceparents.at(-1)).toContain(route!.traceId);

    // The logs name the request and the trace, never the hire.
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((record) => record.requestId === 'telemetry-test-1')).toMatchObject({
      route: '/api/onboardings',
      status: 201,
      traceId: route!.traceId,
    });
    const allLogs = logLines.join('\n');
    expect(allLogs).not.toContain(HIRE.email);
    expect(allLogs).not.toContain('Tracewell');
  });

  it('serves the worker metrics, SDK and step metrics, as Prometheus text', async () => {
    const text = await (await fetch(`http://127.0.0.1:${world.metricsPort}/metrics`)).text();
    const families = parsePrometheusTextFormat(text);
    const family = (name: string) => families.find((f) => f.name === name);
    expect(family('temporal_activity_schedule_to_start_latency')?.type).toBe('HISTOGRAM');
    expect(family('temporal_workflow_task_execution_latency')?.type).toBe('HISTOGRAM');
    expect(family('onboarding_step_failures_total')?.type).toBe('COUNTER');
    const samples = prometheusSamples(text);
    expect(samples).toContainEqual(
      expect.objectContaining({ name: 'onboarding_step_failures_total', labels: expect.objectContaining({ step: 'welcome-email', kind: 'transient' }) as unknown, value: 1 }),
    );
    const steps = new Set(samples.filter((s) => s.name === 'onboarding_step_duration_milliseconds_count').map((s) => s.labels.step));
    expect([...steps].sort()).toEqual(['crm-update', 'learning-path', 'slack-notification', 'welcome-email']);
  });

  it('serves the web metrics as Prometheus text, the start and its request counted', async () => {
    const { GET } = await import('../../app/api/metrics/route');
    const response = await GET(new Request('http://localhost/api/metrics'), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const families = parsePrometheusTextFormat(text);
    const family = (name: string) => families.find((f) => f.name === name);
    expect(family('onboardings_started_total')?.metrics).toEqual([expect.objectContaining({ value: '1' })]);
    expect(family('onboarding_decisions_total')?.type).toBe('COUNTER');
    expect(family('http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(prometheusSamples(text)).toContainEqual({
      name: 'http_request_duration_seconds_count',
      labels: { method: 'POST', route: '/api/onboardings', status: '201' },
      value: 1,
    });
  });
});

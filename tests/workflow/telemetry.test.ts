/**
 * Observability end to end in one process: the real POST /api/onboardings route handler starts an
 * onboarding on a local Temporal server, the real worker setup (runtime, interceptors, workflow
 * interceptor modules) runs it, and the CRM step calls a local HTTP service through the real HTTP
 * client. An in-test OTLP receiver must get one connected trace (route → workflow → activities →
 * outgoing HTTP call); both metrics endpoints must parse as Prometheus text; the logs must carry the
 * trace and request IDs and never the hire's name or e-mail address.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, replaceLogger } from '../../common/telemetry/logger';
import { setupTracing, type Tracing } from '../../common/telemetry/tracing';
import { workerDataConverter } from '../../common/codec/worker';
import { clientDataConverter, payloadKeySettings } from '../../common/codec/data-converter';
import { createActivities } from '../../temporal/activities';
import { createHttpCrmService } from '../../temporal/integrations/crm';
import { createHttpClient } from '../../temporal/integrations/http';
import { attemptFailedSignal, SA_ATTENTION_SINCE, SA_NAME_TOKENS, SA_START_DATE, SA_STATUS, SA_STEP } from '../../temporal/shared/contract';
import { installRuntime, tracingWorkerOptions } from '../../worker/telemetry';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/workflow-source';
import { FakeWorld } from './support/fake-services';
import { temporalCliPath } from './support/harness';

const TASK_QUEUE = 'onboarding-telemetry';
const HIRE = {
  employeeId: 'trace-1',
  fullName: 'Zoë Tracewell',
  email: 'zoe.tracewell@example.com',
  role: 'Software Engineer',
  startDate: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
};

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

/** OTLP/JSON carries IDs as hex; protobuf-JSON mappings use base64. Either becomes hex here. */
function hexId(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  return /^[0-9a-f]+$/i.test(value) ? value.toLowerCase() : Buffer.from(value, 'base64').toString('hex');
}

/** A port in this checkout's range (3110-4109) that nothing listens on. */
async function freePort(from: number): Promise<number> {
  for (let port = from; port < 4110; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

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
  const spans: ReceivedSpan[] = [];
  const crmTraceparents: string[] = [];
  const logLines: string[] = [];
  let receiver: http.Server;
  let crm: http.Server;
  let env: TestWorkflowEnvironment;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let tracing: Tracing;
  let metricsPort: number;
  let dataDir: string;

  beforeAll(async () => {
    const receiverPort = await freePort(4040);
    receiver = http.createServer((request, response) => {
      void readBody(request).then((body) => {
        if (request.url === '/v1/traces') {
          const parsed = JSON.parse(body) as {
            resourceSpans?: { scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[] }[];
          };
          for (const resourceSpans of parsed.resourceSpans ?? []) {
            for (const scope of resourceSpans.scopeSpans ?? []) {
              for (const span of scope.spans ?? []) {
                spans.push({ traceId: hexId(span.traceId), spanId: hexId(span.spanId), parentSpanId: hexId(span.parentSpanId), name: span.name });
              }
            }
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await listen(receiver, receiverPort);

    crm = http.createServer((request, response) => {
      void readBody(request).then(() => {
        crmTraceparents.push(String(request.headers.traceparent ?? ''));
        const employeeId = decodeURIComponent(request.url?.split('/').pop() ?? '');
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ employeeId, status: 'onboarded' }));
      });
    });
    const crmPort = await freePort(receiverPort + 1);
    await listen(crm, crmPort);
    metricsPort = await freePort(crmPort + 1);

    // Web and worker log into one capture, as JSON, debug lines included.
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    for (const service of ['web', 'worker']) replaceLogger(service, createLogger({ service, destination: capture, format: 'json', level: 'debug' }));

    tracing = setupTracing({ serviceName: 'onboarding-test', endpoint: `http://127.0.0.1:${receiverPort}` });
    installRuntime(createLogger({ service: 'worker', destination: capture, format: 'json', level: 'info' }), metricsPort);

    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: await temporalCliPath() },
        searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS, SA_START_DATE, SA_ATTENTION_SINCE],
        extraArgs: ['--log-level', 'error'],
      },
    });
    // What the web server's configuration reads (once, on its first use below).
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboarding-telemetry-'));
    Object.assign(process.env, {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATA_DIR: dataDir,
      ONBOARDING_RETRY_INITIAL_INTERVAL: '50ms',
      ONBOARDING_RETRY_MAXIMUM_INTERVAL: '200ms',
    });
    // Payloads are encrypted with the key the web server keeps in DATA_DIR: read them the same way.
    const keys = payloadKeySettings(dataDir);
    client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: clientDataConverter(keys) });

    const world = new FakeWorld();
    world.script('onboarding-trace-1', { email: ['transient'] });
    const traced = tracingWorkerOptions(tracing);
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      workflowsPath: WORKFLOWS_PATH,
      interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES, activity: traced.activityInterceptors },
      sinks: traced.sinks,
      dataConverter: workerDataConverter(keys),
      activities: createActivities({
        ...world.services(),
        crm: createHttpCrmService(createHttpClient({ serviceName: 'CRM', baseUrl: `http://127.0.0.1:${crmPort}` })),
        heartbeatIntervalMs: 100,
        reportAttemptFailure: async ({ workflowId, runId, ...failure }) => {
          await client.workflow.getHandle(workflowId, runId).signal(attemptFailedSignal, failure);
        },
      }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await tracing?.shutdown();
    await new Promise((resolve) => receiver?.close(resolve));
    await new Promise((resolve) => crm?.close(resolve));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports one connected trace from the route through workflow and activities to the outgoing HTTP call', async () => {
    const { POST } = await import('../../app/api/onboardings/route');
    const response = await POST(
      new Request('http://localhost/api/onboardings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'telemetry-test-1' },
        body: JSON.stringify(HIRE),
      }),
      { params: Promise.resolve({}) },
    );
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
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
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

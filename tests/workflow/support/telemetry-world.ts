/**
 * One onboarding's telemetry in one process: the real POST /api/onboardings route handler starts an
 * onboarding on a local Temporal server, the real worker setup (runtime, interceptors, workflow
 * interceptor modules) runs it, and the CRM step calls a local HTTP service through the real HTTP
 * client, which records the traceparent it was sent. Web and worker log into one capture (JSON, debug
 * lines included). With `exportSpans`, an in-process OTLP receiver collects the spans.
 *
 * Tracing is set up once per process (the OpenTelemetry API takes one global provider): one world per
 * test file.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger, replaceLogger } from '../../../common/telemetry/logger';
import { setupTracing, type Tracing } from '../../../common/telemetry/tracing';
import { workerDataConverter } from '../../../common/codec/worker';
import { clientDataConverter, payloadKeySettings } from '../../../common/codec/data-converter';
import { createActivities } from '../../../temporal/activities';
import { createHttpCrmService } from '../../../temporal/integrations/crm';
import { createHttpClient } from '../../../temporal/integrations/http';
import { attemptFailedSignal, SA_ATTENTION_SINCE, SA_NAME_TOKENS, SA_START_DATE, SA_STATUS, SA_STEP } from '../../../temporal/shared/contract';
import { installRuntime, tracingWorkerOptions } from '../../../worker/telemetry';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../../worker/workflow-source';
import { FakeWorld } from './fake-services';
import { temporalCliPath } from './harness';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

export interface TelemetryWorld {
  /** Spans the OTLP receiver got (none without `exportSpans`). */
  spans: ReceivedSpan[];
  /** The traceparent header of every request the CRM got. */
  crmTraceparents: string[];
  logLines: string[];
  client: Client;
  tracing: Tracing;
  metricsPort: number;
  /** The worker's data converter (payloads are encrypted with this world's key), for replays. */
  dataConverter: ReturnType<typeof workerDataConverter>;
  /** POSTs `hire` to the real route handler, with `requestId` as its X-Request-ID. */
  postHire(hire: object, requestId: string): Promise<Response>;
  stop(): Promise<void>;
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

export async function startTelemetryWorld({
  exportSpans,
  taskQueue,
  script,
}: {
  exportSpans: boolean;
  taskQueue: string;
  /** Failures the fake services answer, by workflow ID (FakeWorld.script). */
  script?: Parameters<FakeWorld['script']>;
}): Promise<TelemetryWorld> {
  const spans: ReceivedSpan[] = [];
  const crmTraceparents: string[] = [];
  const logLines: string[] = [];

  const receiverPort = await freePort(4040);
  const receiver = http.createServer((request, response) => {
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

  const crm = http.createServer((request, response) => {
    void readBody(request).then(() => {
      crmTraceparents.push(String(request.headers.traceparent ?? ''));
      const employeeId = decodeURIComponent(request.url?.split('/').pop() ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ employeeId, status: 'onboarded' }));
    });
  });
  const crmPort = await freePort(receiverPort + 1);
  await listen(crm, crmPort);
  const metricsPort = await freePort(crmPort + 1);

  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  for (const service of ['web', 'worker']) replaceLogger(service, createLogger({ service, destination: capture, format: 'json', level: 'debug' }));

  const tracing = setupTracing({ serviceName: 'onboarding-test', ...(exportSpans ? { endpoint: `http://127.0.0.1:${receiverPort}` } : {}) });
  installRuntime(createLogger({ service: 'worker', destination: capture, format: 'json', level: 'info' }), metricsPort);

  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await temporalCliPath() },
      searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS, SA_START_DATE, SA_ATTENTION_SINCE],
      extraArgs: ['--log-level', 'error'],
    },
  });
  // What the web server's configuration reads (once, on its first use below).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboarding-telemetry-'));
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATA_DIR: dataDir,
    ONBOARDING_RETRY_INITIAL_INTERVAL: '50ms',
    ONBOARDING_RETRY_MAXIMUM_INTERVAL: '200ms',
  });
  // Payloads are encrypted with the key the web server keeps in DATA_DIR: read them the same way.
  const keys = payloadKeySettings(dataDir);
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: clientDataConverter(keys) });

  const world = new FakeWorld();
  if (script) world.script(...script);
  const traced = tracingWorkerOptions(tracing);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
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
  const running = worker.run();

  return {
    spans,
    crmTraceparents,
    logLines,
    client,
    tracing,
    metricsPort,
    dataConverter: workerDataConverter(keys),
    async postHire(hire, requestId) {
      const { POST } = await import('../../../app/api/onboardings/route');
      return POST(
        new Request('http://localhost/api/onboardings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify(hire),
        }),
        { params: Promise.resolve({}) },
      );
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await tracing.shutdown();
      await new Promise((resolve) => receiver.close(resolve));
      await new Promise((resolve) => crm.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

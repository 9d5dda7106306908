/**
 * The worker process: runs the onboarding workflow and its activities on the configured task queue.
 * Start with `npm run worker` (tsx worker/index.ts). SIGINT/SIGTERM drain in-flight work, then exit.
 */
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { breakerSettings, ConfigError, getConfig, type AppConfig } from '../common/config';
import { loadEnvFiles } from '../common/env-files';
import { sandboxApiKey } from '../common/sandbox-key';
import { clientDataConverter, payloadKeySettings } from '../common/codec/data-converter';
import { workerDataConverter } from '../common/codec/worker';
import { attemptFailedSignal } from '../temporal/shared/contract';
import { createActivities, createAssistantActivities, type AttemptFailureReport } from '../temporal/activities';
import { createBatchActivities } from '../temporal/activities/batch';
import { createBreakerGate } from '../temporal/activities/breaker-gate';
import { BREAK_IDEMPOTENCY_ENV } from '../temporal/activities/run-attempt';
import { createServices } from '../temporal/integrations';
import { linkSecret, signLink } from '../common/links';
import { connectWhenReachable } from './connect';
import { workflowSource } from './workflow-source';
import { errorFields, getLogger } from '../common/telemetry/logger';
import { setupTracing } from '../common/telemetry/tracing';
import { installRuntime, tracingWorkerOptions } from './telemetry';

/** Created on first use, after the .env files are loaded (LOG_LEVEL and LOG_FORMAT may be set there). */
const log = () => getLogger('worker');

function readConfig(): AppConfig {
  try {
    return getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log().fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  // The same .env files the web app reads (Next loads them itself there).
  loadEnvFiles();
  const config = readConfig();
  // Before anything creates the Temporal runtime (the first NativeConnection would).
  const tracing = setupTracing({ serviceName: 'onboarding-worker', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  installRuntime(log(), config.WORKER_METRICS_PORT);
  if (process.env[BREAK_IDEMPOTENCY_ENV] === '1') {
    if (!config.sandboxEnabled) {
      log().fatal(`${BREAK_IDEMPOTENCY_ENV}=1 breaks exactly-once on purpose (chaos proof only): refused with SANDBOX=off`);
      process.exit(1);
    }
    log().warn(`WARNING: ${BREAK_IDEMPOTENCY_ENV}=1: every attempt sends its own Idempotency-Key, retries WILL deliver twice (chaos proof only)`);
  }

  // Until the Worker exists (it installs its own signal handling), a Ctrl-C just stops the waiting.
  const stopWaiting = new AbortController();
  const onSignal = () => stopWaiting.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const connection = await connectWhenReachable(config.temporalConnection, stopWaiting.signal, (line) => log().warn(line));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!connection) {
    log().info('stopped before Temporal was reachable');
    await tracing.shutdown();
    return;
  }

  // Payloads are encrypted with the same keys as the web app's (PAYLOAD_ENCRYPTION_KEYS or the key file in DATA_DIR).
  const keySettings = payloadKeySettings(config.DATA_DIR);
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: clientDataConverter(keySettings),
  });
  const reportAttemptFailure = async ({ workflowId, runId, ...failure }: AttemptFailureReport) => {
    await client.workflow.getHandle(workflowId, runId).signal(attemptFailedSignal, failure);
  };

  const services = createServices({
    appUrl: config.appUrl,
    sandbox: config.sandboxEnabled,
    llm: { baseUrl: config.llmBaseUrl, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, fallback: config.llmFallback },
    email: { smtpUrl: config.SMTP_URL, from: config.EMAIL_FROM, url: config.EMAIL_API_URL, apiKey: config.EMAIL_API_KEY },
    crm: { url: config.CRM_API_URL, apiKey: config.CRM_API_KEY },
    slack: { url: config.SLACK_API_URL, botToken: config.SLACK_BOT_TOKEN },
    // Only the sandbox needs it; with SANDBOX=off no key file is created.
    sandboxApiKey: config.sandboxEnabled ? sandboxApiKey(config) : undefined,
  });

  // Each service's breaker is a workflow on this task queue; the gate looks at it before a step's call.
  const breakers = createBreakerGate(client, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    settings: breakerSettings(config),
    warn: (message, fields) => log().warn(fields, message),
  });

  // Owners' links (/act/<token>) are signed here and checked by the web app: the same secret in DATA_DIR.
  const secret = linkSecret(config.DATA_DIR, config.LINK_SECRET);
  const source = workflowSource();
  const traced = tracingWorkerOptions(tracing);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...source,
    interceptors: { ...('interceptors' in source ? source.interceptors : {}), activity: traced.activityInterceptors },
    sinks: traced.sinks,
    activities: {
      ...createActivities({ ...services, reportAttemptFailure, breakers, links: { sign: (claims) => signLink(claims, secret), appUrl: config.appUrl } }),
      ...createAssistantActivities(services),
      ...createBatchActivities(client),
    },
    dataConverter: workerDataConverter(keySettings),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    ...(config.WORKER_MAX_CACHED_WORKFLOWS === undefined ? {} : { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }),
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_TIME,
    // A cancel reaches an activity only with a heartbeat: send them often enough that HR sees it within seconds.
    maxHeartbeatThrottleInterval: '2s',
  });

  const running = worker.run();
  log().info(
    `Worker ready on task queue ${config.TEMPORAL_TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}` +
      ` (${'workflowBundle' in source ? 'prebuilt workflow bundle' : 'workflows from source'}; services: ${config.sandboxEnabled ? `sandbox at ${config.appUrl}` : `real, email over ${config.SMTP_URL ? 'SMTP' : 'the email API'}`}` +
      `; metrics: ${config.WORKER_METRICS_PORT ? `http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics` : 'off'}` +
      `; traces: ${tracing.exporting ? `to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'not exported'})`,
  );
  try {
    await running;
    log().info('stopped');
  } finally {
    await connection.close();
    await tracing.shutdown();
  }
}

main().catch((err: unknown) => {
  log().fatal(errorFields(err), 'worker failed');
  process.exit(1);
});

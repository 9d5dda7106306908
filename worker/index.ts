/**
 * The worker process: runs the onboarding workflow and its activities on the configured task queue.
 * Start with `npm run worker` (tsx worker/index.ts). SIGINT/SIGTERM drain in-flight work, then exit.
 */
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { ConfigError, getConfig, type AppConfig } from '../common/config';
import { loadEnvFiles } from '../common/env-files';
import { sandboxApiKey } from '../common/sandbox-key';
import { clientDataConverter, payloadKeySettings } from '../common/codec/data-converter';
import { workerDataConverter } from '../common/codec/worker';
import { attemptFailedSignal } from '../temporal/shared/contract';
import { createActivities, createAssistantActivities, type AttemptFailureReport } from '../temporal/activities';
import { createBatchActivities } from '../temporal/activities/batch';
import { BREAK_IDEMPOTENCY_ENV } from '../temporal/activities/run-attempt';
import { createServices } from '../temporal/integrations';
import { connectWhenReachable } from './connect';
import { workflowSource } from './workflow-source';

function readConfig(): AppConfig {
  try {
    return getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[worker] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  // The same .env files the web app reads (Next loads them itself there).
  loadEnvFiles();
  const config = readConfig();
  if (process.env[BREAK_IDEMPOTENCY_ENV] === '1') {
    if (!config.sandboxEnabled) {
      console.error(`[worker] ${BREAK_IDEMPOTENCY_ENV}=1 breaks exactly-once on purpose (chaos proof only): refused with SANDBOX=off`);
      process.exit(1);
    }
    console.warn(`[worker] WARNING: ${BREAK_IDEMPOTENCY_ENV}=1: every attempt sends its own Idempotency-Key, retries WILL deliver twice (chaos proof only)`);
  }

  // Until the Worker exists (it installs its own signal handling), a Ctrl-C just stops the waiting.
  const stopWaiting = new AbortController();
  const onSignal = () => stopWaiting.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const connection = await connectWhenReachable(config.temporalConnection, stopWaiting.signal);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!connection) {
    console.log('[worker] stopped before Temporal was reachable');
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

  const source = workflowSource();
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...source,
    activities: {
      ...createActivities({ ...services, reportAttemptFailure }),
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
  console.log(
    `[worker] Worker ready on task queue ${config.TEMPORAL_TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}` +
      ` (${'workflowBundle' in source ? 'prebuilt workflow bundle' : 'workflows from source'}; services: ${config.sandboxEnabled ? `sandbox at ${config.appUrl}` : `real, email over ${config.SMTP_URL ? 'SMTP' : 'the email API'}`})`,
  );
  try {
    await running;
    console.log('[worker] stopped');
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error('[worker] failed:', err);
  process.exit(1);
});

/**
 * The baseline worker process: the bare four-activity workflow on its own task queue, the same-work
 * workflow (the onboarding's four service calls, nothing else) on another, and the seed workflow on a
 * third. SDK defaults throughout, so it shows what an untuned worker gets from Temporal.
 * Its environment is the stack's (`Stack.childEnv()`): DATA_DIR holds the payload key that decrypts the
 * seeds' memos and the sandbox's API key; APP_URL is the web app that serves the sandbox.
 * Run by bench/bench.ts; prints BASELINE_READY_LINE once its three workers poll.
 */
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { getEncryptionCodec, payloadKeySettings } from '../../common/codec/data-converter';
import { getConfig } from '../../common/config';
import { sandboxApiKey } from '../../common/sandbox-key';
import { createServices } from '../../temporal/integrations';
import * as activities from './activities';
import { createSameWorkActivities } from './same-work-activities';
import { BASELINE_READY_LINE, BASELINE_TASK_QUEUE, SAME_WORK_TASK_QUEUE, SEED_TASK_QUEUE } from './names';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  // The stack's environment, read as the product's worker reads it: the same sandbox URLs, model and key.
  const config = getConfig();
  if (!config.sandboxEnabled) throw new Error('the same-work baseline calls the sandbox: run it with SANDBOX=on');
  const dataDir = config.DATA_DIR;
  const services = createServices({
    appUrl: config.appUrl,
    sandbox: true,
    llm: { baseUrl: config.llmBaseUrl, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL },
    sandboxApiKey: sandboxApiKey(config),
  });
  const [baseline, sameWork, seeds] = await Promise.all([
    Worker.create({
      connection,
      namespace,
      taskQueue: BASELINE_TASK_QUEUE,
      workflowsPath: path.join(__dirname, 'workflows.ts'),
      activities,
    }),
    Worker.create({
      connection,
      namespace,
      taskQueue: SAME_WORK_TASK_QUEUE,
      workflowsPath: path.join(__dirname, 'same-work-workflows.ts'),
      activities: createSameWorkActivities(services),
    }),
    Worker.create({
      connection,
      namespace,
      taskQueue: SEED_TASK_QUEUE,
      workflowsPath: path.join(__dirname, 'seed-workflows.ts'),
      // Seeds carry an encrypted memo like real onboardings; the SDK decodes it when the workflow starts.
      dataConverter: { payloadCodecs: [getEncryptionCodec(payloadKeySettings(dataDir))] },
    }),
  ]);
  const running = Promise.all([baseline.run(), sameWork.run(), seeds.run()]);
  console.log(BASELINE_READY_LINE);
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The baseline worker process: the bare four-activity workflow on its own task queue, and the seed
 * workflow on another. SDK defaults throughout, so it shows what an untuned worker gets from Temporal.
 * DATA_DIR: the stack's data folder, whose payload key decrypts the seeds' memos.
 * Run by bench/bench.ts; prints BASELINE_READY_LINE once both workers poll.
 */
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { getEncryptionCodec, payloadKeySettings } from '../../common/codec/data-converter';
import * as activities from './activities';
import { BASELINE_READY_LINE, BASELINE_TASK_QUEUE, SEED_TASK_QUEUE } from './names';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const [baseline, seeds] = await Promise.all([
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
      taskQueue: SEED_TASK_QUEUE,
      workflowsPath: path.join(__dirname, 'seed-workflows.ts'),
      // Seeds carry an encrypted memo like real onboardings; the SDK decodes it when the workflow starts.
      dataConverter: { payloadCodecs: [getEncryptionCodec(payloadKeySettings(process.env.DATA_DIR ?? '.data'))] },
    }),
  ]);
  const running = Promise.all([baseline.run(), seeds.run()]);
  console.log(BASELINE_READY_LINE);
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

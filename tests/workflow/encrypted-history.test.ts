/**
 * Personal data must be ciphertext in Temporal's store. Runs the real onboarding workflow with the
 * project's codec on a local dev server, then reads the raw history, description and visibility
 * records with a client that has no codec and looks for the hire's name and e-mail in the bytes.
 * The same bytes, decrypted, must contain them: otherwise the search would prove nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDataConverter, getEncryptionCodec } from '@/common/codec/data-converter';
import { ENCRYPTED_ENCODING } from '@/common/codec/encryption-codec';
import type { PayloadKeySettings } from '@/common/codec/keys';
import { workerDataConverter } from '@/common/codec/worker';
import {
  SA_NAME_TOKENS,
  SA_STATUS,
  SA_STEP,
  workflowIdFor,
  type NewHire,
  type OnboardingActivities,
  type OnboardingInput,
  type OnboardingMemo,
} from '@/temporal/shared/contract';
import type { onboardingWorkflow } from '@/temporal/workflows';

const CLI_PATH = process.env.TEMPORAL_CLI_PATH ?? '/root/.cache/onboarding-dashboard/temporal-cli/1.5.1/temporal';
const TASK_QUEUE = 'encrypted-history';

const hire: NewHire = {
  employeeId: 'enc-0001',
  fullName: 'Zoë Quartermaine',
  email: 'zoe.quartermaine@example.com',
  role: 'Software Engineer',
  startDate: '2026-12-01',
  slackChannel: '#onboarding-team',
};
const secrets = [hire.fullName, 'Quartermaine', hire.email];

const settings: PayloadKeySettings = {
  keys: `test-1:${Buffer.alloc(32, 9).toString('base64')}`,
  dataDir: mkdtempSync(path.join(tmpdir(), 'encrypted-history-')),
};

/** Activities that echo personal data in results and, once, in a failure message. */
const activities: OnboardingActivities = {
  sendWelcomeEmail(h) {
    const { attempt } = Context.current().info;
    if (attempt === 1) throw ApplicationFailure.retryable(`Mailbox ${h.email} is busy`, 'TransientHttpError', { attempt });
    return Promise.resolve({ value: { messageId: 'm1', to: h.email, subject: `Welcome aboard, ${h.fullName}` }, attempt });
  },
  generateLearningPath: (h) =>
    Promise.resolve({
      value: { role: h.role, model: 'test', modules: [{ title: `Intro for ${h.fullName}`, durationHours: 2, why: 'basics' }] },
      attempt: 1,
    }),
  setCrmStatus: (args) => Promise.resolve({ value: { employeeId: args.employeeId, status: args.status }, attempt: 1 }),
  postSlackAnnouncement: (h) =>
    Promise.resolve({ value: { channel: h.slackChannel, ts: '1.0', text: `New user ${h.fullName} has been onboarded!` }, attempt: 1 }),
  sendCancellationEmail: (h) => Promise.resolve({ value: { messageId: 'm2', to: h.email, subject: 'Cancelled' }, attempt: 1 }),
  postSlackCorrection: (h) => Promise.resolve({ value: { channel: h.slackChannel, ts: '2.0', text: 'Correction' }, attempt: 1 }),
  // The standard plan of this test has no tasks and nothing waits for a person: these never run.
  sendTaskLink: () => Promise.reject(new Error('not used by this test')),
  notifyHr: () => Promise.reject(new Error('not used by this test')),
  sendStartDateChangedEmail: () => Promise.reject(new Error('not used by this test')),
  reviseLearningPath: () => Promise.reject(new Error('not used by this test')),
};

let env: TestWorkflowEnvironment;
let plainClient: Client;
let rawBytes: Buffer;
let decodedBytes: Buffer;

/** Every Payload-shaped node below `node`, so they can be decrypted in place. */
function* payloadsIn(node: unknown): Generator<{ metadata: Record<string, Uint8Array>; data: Uint8Array }> {
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if ('metadata' in node && 'data' in node && ArrayBuffer.isView(node.data) && typeof node.metadata === 'object') {
    yield node as { metadata: Record<string, Uint8Array>; data: Uint8Array };
    return;
  }
  for (const value of Object.values(node)) yield* payloadsIn(value);
}

async function decryptInPlace(node: unknown): Promise<number> {
  const codec = getEncryptionCodec(settings);
  let count = 0;
  for (const payload of payloadsIn(node)) {
    const encoding = payload.metadata.encoding;
    if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) continue;
    const [decoded] = await codec.decode([payload]);
    payload.metadata = decoded?.metadata ?? {};
    payload.data = decoded?.data ?? new Uint8Array();
    count += 1;
  }
  return count;
}

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: CLI_PATH }, searchAttributes: [SA_STATUS, SA_STEP, SA_NAME_TOKENS] },
    client: { dataConverter: clientDataConverter(settings) },
  });
  plainClient = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowsPath: path.join(__dirname, '../../temporal/workflows/index.ts'),
    activities,
    dataConverter: workerDataConverter(settings),
  });

  const id = workflowIdFor(hire.employeeId);
  const input: OnboardingInput = { hire, retry: { initialInterval: '50ms', maximumInterval: '200ms' }, requestedBy: 'hr@example.com' };
  const memo: OnboardingMemo = {
    employeeId: hire.employeeId,
    fullName: hire.fullName,
    role: hire.role,
    startDate: hire.startDate,
    completedSteps: 0,
  };
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof onboardingWorkflow>('onboardingWorkflow', {
      workflowId: id,
      taskQueue: TASK_QUEUE,
      args: [input],
      memo,
      typedSearchAttributes: [
        { key: SA_STATUS, value: 'running' },
        { key: SA_STEP, value: 'welcome-email' },
        { key: SA_NAME_TOKENS, value: ['3f2a9c', '9b71de'] },
      ],
    });
    const state = await handle.result();
    expect(state.status).toBe('completed');
  });

  const { History } = temporal.api.history.v1;
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await plainClient.workflowService.getWorkflowExecutionHistory({
      namespace: env.namespace ?? 'default',
      execution: { workflowId: id },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  const description = await plainClient.workflowService.describeWorkflowExecution({
    namespace: env.namespace ?? 'default',
    execution: { workflowId: id },
  });
  const listing = await plainClient.workflowService.listWorkflowExecutions({
    namespace: env.namespace ?? 'default',
    query: `WorkflowId = '${id}'`,
  });
  const serialise = () =>
    Buffer.concat([
      Buffer.from(History.encode({ events }).finish()),
      Buffer.from(temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(description).finish()),
      Buffer.from(temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode(listing).finish()),
    ]);
  rawBytes = serialise();
  const decrypted = (await decryptInPlace(events)) + (await decryptInPlace(description)) + (await decryptInPlace(listing));
  expect(decrypted).toBeGreaterThan(5);
  decodedBytes = serialise();
}, 180_000);

afterAll(async () => {
  await env?.teardown();
});

describe('history in Temporal', () => {
  it.each(secrets)('does not contain %j in plain text', (secret) => {
    expect(rawBytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
  });

  it.each(secrets)('contains %j once decrypted with the key (so the check above can fail)', (secret) => {
    expect(decodedBytes.includes(Buffer.from(secret, 'utf8'))).toBe(true);
  });

  it('keeps the retried failure message encrypted', () => {
    expect(rawBytes.includes(Buffer.from('Mailbox'))).toBe(false);
    expect(decodedBytes.includes(Buffer.from(`Mailbox ${hire.email} is busy`))).toBe(true);
  });
});

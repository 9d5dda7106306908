/**
 * Telemetry with no OTLP endpoint (how `npm start` runs by default): nothing is recorded anywhere, yet the
 * start request's trace ID reaches every process. The request's log line names it, the workflow hands it
 * to its activities (temporal/workflows/tracing.ts), and the CRM step's outgoing HTTP call carries it in
 * its traceparent (unsampled). The run's history replays through the same workflow code.
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOptions } from '../../worker/workflow-source';
import { startTelemetryWorld, type TelemetryWorld } from './support/telemetry-world';

const TASK_QUEUE = 'onboarding-telemetry-unexported';
const HIRE = {
  employeeId: 'trace-2',
  fullName: 'Ilse Untraced',
  email: 'ilse.untraced@example.com',
  role: 'Software Engineer',
  startDate: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
};

describe('telemetry of one onboarding, spans not exported', () => {
  let world: TelemetryWorld;

  beforeAll(async () => {
    world = await startTelemetryWorld({ exportSpans: false, taskQueue: TASK_QUEUE });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('carries the request trace ID from the route through the workflow to the outgoing HTTP call, recording nothing', async () => {
    expect(world.tracing.exporting).toBe(false);
    const response = await world.postHire(HIRE, 'telemetry-test-2');
    expect(response.status).toBe(201);
    const handle = world.client.workflow.getHandle('onboarding-trace-2');
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 30_000, interval: 200 }).toBe('COMPLETED');

    const records = world.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const request = records.find((record) => record.requestId === 'telemetry-test-2');
    expect(request).toMatchObject({ route: '/api/onboardings', status: 201 });
    const traceId = request?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // The CRM step's call: the same trace, not sampled (flag 00), so no process recorded a span of it.
    expect(world.crmTraceparents.at(-1)).toMatch(new RegExp(`^00-${String(traceId)}-[0-9a-f]{16}-00$`));
    expect(world.spans).toEqual([]);

    const history = await handle.fetchHistory();
    const workflowBundle = await bundleWorkflowCode(bundleOptions());
    await expect(Worker.runReplayHistory({ workflowBundle, dataConverter: world.dataConverter }, history, 'onboarding-trace-2')).resolves.toBeUndefined();
  });
});

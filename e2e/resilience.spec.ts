/**
 * What a person sees when a dependency fails, and that everything recovers by itself once it is back:
 * - Temporal down: the API answers 503 temporal_unavailable, the pages say Temporal is unreachable
 *   (no spinner forever), and the same open pages recover without a reload when it returns;
 * - worker down: the detail page says it is waiting for a worker instead of "running" forever;
 * - worker killed after a service did its work and before the answer came back: the retry is answered
 *   from the idempotency record, and every step is delivered exactly once;
 * - web app (and with it the simulated services) killed after the CRM delivered and before it answered:
 *   the activity retries, the retry is a replay, and the onboarding completes with exactly one delivery.
 * "After the work" is the sandbox's `after` fault: the delivery is recorded, then the latency holds the answer.
 * The stack is broken and mended through the harness's control server (STACK_CONTROL_URL).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { clearFaults, deliveriesMentioning, expectOneDeliveryPerStep, newHire, overallStatus, sandboxCounters, setFault, startOnboarding } from './fixtures';
import { controlStack } from './harness';

test.describe.configure({ mode: 'serial' });

interface DetailBody {
  status: string;
  currentStep: string | null;
  waitingForWorker: boolean;
  steps: { key: string; status: string; attempt: number }[];
}

async function detailOf(request: APIRequestContext, id: string): Promise<DetailBody | undefined> {
  const response = await request.get(`/api/onboardings/${id}`);
  return response.ok() ? ((await response.json()) as DetailBody) : undefined;
}

async function waitForStatus(request: APIRequestContext, id: string, status: string, timeout = 60_000): Promise<void> {
  await expect.poll(async () => (await detailOf(request, id))?.status, { timeout, intervals: [500] }).toBe(status);
}

test('Temporal down: the API answers 503, the pages say so, and the open pages recover by themselves', async ({ page, request, context }) => {
  test.setTimeout(240_000);
  const hire = newHire({ fullName: 'Temporal Outage' });
  const id = await startOnboarding(request, hire);
  await waitForStatus(request, id, 'completed');

  await page.goto('/');
  await expect(page.getByRole('link', { name: hire.fullName })).toBeVisible();
  const form = await context.newPage();
  await form.goto('/onboardings/new');
  const retriedHire = newHire({ fullName: 'Started After Outage' });

  await controlStack('temporal/stop');
  try {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ temporal: 'unavailable' });

    // Fails fast with the envelope rather than hanging until the browser gives up.
    const startedAt = Date.now();
    const start = await request.post('/api/onboardings', { data: retriedHire });
    expect(start.status()).toBe(503);
    expect(await start.json()).toMatchObject({ error: { code: 'temporal_unavailable' } });
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    for (const path of ['/api/onboardings', `/api/onboardings/${id}`]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'temporal_unavailable' } });
    }

    // The list that was already open says what is wrong, without a reload.
    await expect(page.getByText(/Temporal is unreachable/)).toBeVisible({ timeout: 30_000 });
    // A detail page opened now says it too, instead of a skeleton forever.
    const detail = await context.newPage();
    await detail.goto(`/onboardings/${id}`);
    await expect(detail.getByText(/Temporal is unreachable/)).toBeVisible({ timeout: 30_000 });

    // The form says nothing was started and keeps every entry.
    await form.getByLabel('Employee ID', { exact: true }).fill(retriedHire.employeeId);
    await form.getByLabel('Full name', { exact: true }).fill(retriedHire.fullName);
    await form.getByLabel('Work email', { exact: true }).fill(retriedHire.email);
    await form.getByLabel('Role', { exact: true }).fill(retriedHire.role);
    await form.getByLabel('Start date', { exact: true }).fill(retriedHire.startDate);
    await form.getByRole('button', { name: 'Start onboarding' }).click();
    await expect(form.getByText(/Temporal is unreachable right now/)).toBeVisible({ timeout: 30_000 });
    await expect(form.getByLabel('Full name', { exact: true })).toHaveValue(retriedHire.fullName);
    await expect(form.getByLabel('Employee ID', { exact: true })).toHaveValue(retriedHire.employeeId);

    await controlStack('temporal/start');

    // Recovery by themselves: the same pages, no reload.
    await expect(page.getByText(/Temporal is unreachable/)).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('link', { name: hire.fullName })).toBeVisible();
    await expect(detail.getByRole('heading', { level: 1, name: hire.fullName })).toBeVisible({ timeout: 30_000 });
    await expect(overallStatus(detail)).toContainText(/completed/i);
    // The kept entries go through once Temporal is back.
    await form.getByRole('button', { name: 'Start onboarding' }).click();
    await expect(form.getByRole('heading', { level: 1, name: retriedHire.fullName })).toBeVisible({ timeout: 30_000 });
  } finally {
    // Idempotent: a second start while it already runs is a no-op for the control server.
    await controlStack('temporal/start');
  }
});

test('worker down: the detail page says it is waiting for a worker, then carries on to completed', async ({ page, request }) => {
  test.setTimeout(180_000);
  const hire = newHire({ fullName: 'Worker Outage' });
  await controlStack('worker/kill');
  let id: string;
  try {
    id = await startOnboarding(request, hire);
    await page.goto(`/onboardings/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: hire.fullName })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Waiting for a worker/)).toBeVisible({ timeout: 45_000 });
    await expect(overallStatus(page)).not.toContainText(/completed/i);
  } finally {
    await controlStack('worker/start');
  }
  await expect(overallStatus(page)).toContainText(/completed/i, { timeout: 60_000 });
  await expect(page.getByText(/Waiting for a worker/)).toBeHidden();
  await expectOneDeliveryPerStep(request, hire, id!);
});

test('worker killed after the CRM delivered, before its answer: the retry is a replay, one delivery per step', async ({ request }) => {
  test.setTimeout(180_000);
  const hire = newHire({ fullName: 'Lost Answer Worker' });
  // The CRM does its work, then holds the answer back long enough for the kill to land in between.
  await setFault(request, { service: 'crm', latencyMs: 4000, after: true });
  try {
    const replaysBefore = (await sandboxCounters(request)).replays.crm;
    const id = await startOnboarding(request, hire);
    await expect.poll(async () => (await deliveriesMentioning(request, 'crm', hire.employeeId)).length, { timeout: 60_000, intervals: [100] }).toBe(1);
    // Delivered, and the step has not finished: the answer is still held back when the worker dies.
    expect((await detailOf(request, id))?.currentStep).toBe('crm-update');
    await controlStack('worker/kill', { signal: 'SIGKILL' });
    await clearFaults(request);
    await controlStack('worker/start');
    await waitForStatus(request, id, 'completed', 90_000);
    const crm = (await detailOf(request, id))?.steps.find((step) => step.key === 'crm-update');
    expect(crm?.attempt, 'the attempt whose answer was lost should have been retried').toBeGreaterThan(1);
    expect((await sandboxCounters(request)).replays.crm, 'the retry must be answered from the idempotency record').toBeGreaterThan(replaysBefore);
    await expectOneDeliveryPerStep(request, hire, id);
  } finally {
    await clearFaults(request).catch(() => undefined);
    await controlStack('worker/start');
  }
});

test('web app and sandbox killed after the CRM delivered, before it answered: the retry is a replay, one delivery', async ({ request }) => {
  test.setTimeout(180_000);
  const hire = newHire({ fullName: 'Web Outage' });
  // The CRM does its work, records it, then holds the answer back while the app (which serves it) is killed.
  await setFault(request, { service: 'crm', latencyMs: 4000, after: true });
  try {
    const replaysBefore = (await sandboxCounters(request)).replays.crm;
    const id = await startOnboarding(request, hire);
    await expect.poll(async () => (await deliveriesMentioning(request, 'crm', hire.employeeId)).length, { timeout: 60_000, intervals: [100] }).toBe(1);
    expect((await detailOf(request, id))?.currentStep, 'the kill must land before the CRM answered').toBe('crm-update');
    await controlStack('web/restart', { signal: 'SIGKILL' });
    // Faults are persisted with the sandbox; the outage is what is tested now, not the latency.
    await clearFaults(request);

    await expect
      .poll(async () => (await detailOf(request, id))?.status, { timeout: 90_000, intervals: [500] })
      .toMatch(/^(completed|needs_attention)$/);
    const detail = await detailOf(request, id);
    expect(detail?.status, 'the outage outlasted the step retry budget: the onboarding needs a person').toBe('completed');
    const crm = detail?.steps.find((step) => step.key === 'crm-update');
    expect(crm?.attempt, 'the CRM call whose answer was cut should have been retried').toBeGreaterThan(1);
    // Counters survive the restart (counters.json): the retry found the record written before the kill.
    expect((await sandboxCounters(request)).replays.crm, 'the retry must be answered from the idempotency record').toBeGreaterThan(replaysBefore);
    await expectOneDeliveryPerStep(request, hire, id);
  } finally {
    await clearFaults(request).catch(() => undefined);
  }
});

test('SIGTERM to the worker drains the activity in flight: it completes once, with no second attempt', async ({ request }) => {
  test.setTimeout(180_000);
  const hire = newHire({ fullName: 'Graceful Drain' });
  // Long enough to be caught in flight, well inside the worker's shutdown grace time (WORKER_SHUTDOWN_GRACE_TIME, 10s).
  await setFault(request, { service: 'crm', latencyMs: 3000 });
  try {
    const id = await startOnboarding(request, hire);
    await expect
      .poll(async () => (await detailOf(request, id))?.currentStep, { timeout: 60_000, intervals: [200] })
      .toBe('crm-update');
    const stopAsked = Date.now();
    await controlStack('worker/kill', { signal: 'SIGTERM' });
    const drainMs = Date.now() - stopAsked;
    // The CRM call was answered while the worker drained, before it exited.
    expect(await deliveriesMentioning(request, 'crm', hire.employeeId)).toHaveLength(1);
    expect(drainMs, 'the worker exited without waiting for the activity in flight').toBeGreaterThan(500);
    await controlStack('worker/start');
    await waitForStatus(request, id, 'completed');
    const crm = (await detailOf(request, id))?.steps.find((step) => step.key === 'crm-update');
    expect(crm?.attempt, 'a drained activity must not be attempted again').toBe(1);
    expect(await deliveriesMentioning(request, 'crm', hire.employeeId)).toHaveLength(1);
  } finally {
    await clearFaults(request).catch(() => undefined);
    await controlStack('worker/start');
  }
});

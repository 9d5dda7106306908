/**
 * Proves the harness: the stack answers, and the control server really stops and starts the worker
 * (an onboarding started while no worker runs waits, then finishes once one is back).
 */
import { expect, test } from '@playwright/test';
import { controlStack } from './harness';

test('the health endpoint reports the app and Temporal as up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', temporal: 'ok' });
});

test('an onboarding started while the worker is down finishes once the worker is back', async ({ request }) => {
  test.setTimeout(120_000);
  await controlStack('worker/kill');
  const employeeId = `smoke-${Date.now()}`;
  const email = `${employeeId}@example.com`;
  let id = '';
  try {
    const created = await request.post('/api/onboardings', {
      data: { employeeId, fullName: 'Smoke Test', email, role: 'Software Engineer', startDate: new Date().toISOString().slice(0, 10) },
    });
    expect(created.status()).toBe(201);
    id = ((await created.json()) as { id: string }).id;

    // Nothing can make progress without a worker: the sandbox must not have seen the welcome email.
    // (The sandbox is asked rather than the onboarding: its `progress` query itself needs a worker.)
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sandbox = await request.get('/api/sandbox/state');
    expect(sandbox.status()).toBe(200);
    const emails = ((await sandbox.json()) as { deliveries: { email: unknown[] } }).deliveries.email;
    // Matched on the whole record so the check holds whether `to` is top-level or nested.
    expect(emails.filter((delivery) => JSON.stringify(delivery).includes(email))).toHaveLength(0);
  } finally {
    await controlStack('worker/start');
  }

  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/onboardings/${id}`);
        return ((await response.json()) as { status?: string }).status;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe('completed');
});

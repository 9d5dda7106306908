/** The /sandbox page: deliveries per service, fault controls, the seed preset and reset. */
import { expect, test } from '@playwright/test';
import { clearFaults, newHire, setFault, startOnboarding } from './fixtures';

test.describe.configure({ mode: 'serial' });

interface SandboxStateBody {
  faults: Record<string, { failNext: number; failRate: number; latencyMs: number; permanent: boolean; after: boolean }>;
  deliveries: Record<string, unknown[]>;
}

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test('fault controls change one service, the preset sets the seed rates, reset clears everything', async ({ page, request }) => {
  await page.goto('/sandbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Sandbox' })).toBeVisible();

  const email = page.getByRole('region', { name: 'Email' });
  await email.getByLabel('Fail next N calls').fill('2');
  await email.getByLabel('Latency (ms)').fill('100');
  await email.getByLabel('Permanent failures').check();
  await email.getByRole('button', { name: 'Apply' }).click();
  await expect(email).toContainText('next 2 calls fail');
  let state = (await (await request.get('/api/sandbox/state')).json()) as SandboxStateBody;
  expect(state.faults.email).toMatchObject({ failNext: 2, latencyMs: 100, permanent: true, after: false });
  expect(state.faults.slack).toMatchObject({ failNext: 0, failRate: 0 });

  const crm = page.getByRole('region', { name: 'CRM' });
  await crm.getByLabel('Fail next N calls').fill('1');
  await crm.getByLabel('Fail after the work (answer lost)').check();
  await crm.getByRole('button', { name: 'Apply' }).click();
  await expect(crm).toContainText('after the work: delivered, answer lost');
  state = (await (await request.get('/api/sandbox/state')).json()) as SandboxStateBody;
  expect(state.faults.crm).toMatchObject({ failNext: 1, after: true });

  await page.getByRole('button', { name: 'Apply seed failure rates' }).click();
  await expect(page.getByRole('region', { name: 'Slack' })).toContainText('15% of calls fail');
  state = (await (await request.get('/api/sandbox/state')).json()) as SandboxStateBody;
  expect(state.faults.email?.failRate).toBeCloseTo(0.2);
  expect(state.faults.llm?.failRate).toBeCloseTo(0.1);
  expect(state.faults.crm?.failRate).toBeCloseTo(0.05);
  expect(state.faults.slack?.failRate).toBeCloseTo(0.15);

  await page.getByRole('button', { name: 'Reset sandbox' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('deleted');
  await dialog.getByRole('button', { name: 'Yes, reset sandbox' }).click();
  await expect(dialog).toBeHidden();
  for (const name of ['Email', 'LLM', 'CRM', 'Slack']) {
    await expect(page.getByRole('region', { name })).toContainText('Healthy: no faults.');
  }
});

test('deliveries of finished onboardings appear in each service, newest first', async ({ page, request }) => {
  // Two onboardings one after the other: the second one's deliveries are newer and must come first.
  const older = newHire({ fullName: 'Katherine Johnson', role: 'Data Scientist' });
  const newer = newHire({ fullName: 'Dorothy Vaughan', role: 'Software Engineer' });
  for (const hire of [older, newer]) {
    const id = await startOnboarding(request, hire);
    await expect
      .poll(async () => ((await (await request.get(`/api/onboardings/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
      .toBe('completed');
  }

  await page.goto('/sandbox');
  const expectations: [string, (hire: typeof older) => string][] = [
    ['Email', (hire) => hire.email],
    ['CRM', (hire) => hire.employeeId],
    ['Slack', (hire) => hire.employeeId],
    ['LLM', (hire) => hire.role],
  ];
  for (const [name, shown] of expectations) {
    const items = page.getByRole('region', { name }).getByRole('listitem');
    await expect(items.nth(0), `${name}: newest first`).toContainText(shown(newer));
    await expect(items.nth(1), `${name}: then the older one`).toContainText(shown(older));
  }
});

test('each service shows the calls it received and how many were replays', async ({ page, request }) => {
  await setFault(request, { service: 'email', failNext: 1, after: true });
  const hire = newHire({ fullName: 'Mary Jackson' });
  const id = await startOnboarding(request, hire);
  await expect
    .poll(async () => ((await (await request.get(`/api/onboardings/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('completed');
  const state = (await (await request.get('/api/sandbox/state')).json()) as { calls: Record<string, number>; replays: Record<string, number> };
  expect(state.replays.email, 'the lost answer was retried and replayed').toBeGreaterThanOrEqual(1);
  await page.goto('/sandbox');
  const email = page.getByRole('region', { name: 'Email' });
  await expect(email).toContainText(`${state.calls.email} calls received · ${state.replays.email} ${state.replays.email === 1 ? 'replay' : 'replays'}`);
});

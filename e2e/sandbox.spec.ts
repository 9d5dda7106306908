/** The /sandbox page: deliveries per service, fault controls, the seed preset and reset. */
import { expect, test } from '@playwright/test';
import { clearFaults, newHire, startOnboarding } from './fixtures';

test.describe.configure({ mode: 'serial' });

interface SandboxStateBody {
  faults: Record<string, { failNext: number; failRate: number; latencyMs: number; permanent: boolean }>;
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
  expect(state.faults.email).toMatchObject({ failNext: 2, latencyMs: 100, permanent: true });
  expect(state.faults.slack).toMatchObject({ failNext: 0, failRate: 0 });

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

test('deliveries of a finished onboarding appear in each service, newest first', async ({ page, request }) => {
  const hire = newHire({ fullName: 'Katherine Johnson' });
  const id = await startOnboarding(request, hire);
  await expect
    .poll(async () => ((await (await request.get(`/api/onboardings/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('completed');

  await page.goto('/sandbox');
  await expect(page.getByRole('region', { name: 'Email' }).getByRole('listitem').first()).toContainText(hire.email);
  await expect(page.getByRole('region', { name: 'CRM' }).getByRole('listitem').first()).toContainText(hire.employeeId);
  await expect(page.getByRole('region', { name: 'Slack' }).getByRole('listitem').first()).toContainText(hire.employeeId);
  await expect(page.getByRole('region', { name: 'LLM' }).getByRole('listitem').first()).toContainText(hire.role);
});

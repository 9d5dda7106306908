/**
 * A person pauses a service: a new onboarding's Slack step waits without using attempts (nothing reaches
 * the sandbox's Slack), the banner says why on every page, and resuming completes the onboarding.
 * Breakers are global per service, so these run serially and leave Slack resumed.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { clearFaults, deliveriesMentioning, newHire, startOnboarding, stepItem } from './fixtures';

test.describe.configure({ mode: 'serial' });

interface StepView {
  key: string;
  status: string;
  attempt: number;
  waitingReason: string | null;
}

async function slackStep(request: APIRequestContext, id: string): Promise<StepView | undefined> {
  const response = await request.get(`/api/onboardings/${encodeURIComponent(id)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { steps: StepView[] }).steps.find((step) => step.key === 'slack-notification');
}

async function resumeSlack(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/services/slack/resume');
  // 409 not_paused: already closed, which is what we want.
  expect([200, 409]).toContain(response.status());
}

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
  await resumeSlack(request);
});

test.afterEach(async ({ request }) => {
  await resumeSlack(request);
});

test('pausing Slack holds a new onboarding at its Slack step without using attempts; resuming completes it', async ({ page, request }) => {
  await page.goto('/services');
  await expect(page.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
  const slack = page.getByRole('region', { name: 'Slack' });
  await expect(slack).toContainText('Closed');
  await slack.getByRole('button', { name: 'Pause' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pause Slack' });
  await dialog.getByRole('button', { name: 'Pause Slack' }).click();
  await expect(dialog.getByText('Say why the service is paused.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('outage');
  await dialog.getByRole('button', { name: 'Pause Slack' }).click();
  await expect(dialog).toBeHidden();
  await expect(slack).toContainText('Paused');
  await expect(slack).toContainText('outage');

  const hire = newHire({ fullName: 'Paused Slack' });
  const id = await startOnboarding(request, hire);
  await page.goto(`/onboardings/${id}`);
  // The banner is on every page while Slack is paused, and links to /services.
  const banner = page.getByRole('status').filter({ hasText: 'Slack is paused: outage' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('link', { name: 'See services' })).toHaveAttribute('href', '/services');

  const step = stepItem(page, 'Notify team on Slack');
  await expect(step).toContainText('Waiting for its service', { timeout: 30_000 });
  await expect(step).toContainText('Slack paused: outage');
  const held = await slackStep(request, id);
  expect(held).toMatchObject({ status: 'waiting', waitingReason: 'Slack paused: outage' });

  // Ten seconds of waiting: the attempt count does not move and nothing reaches Slack.
  await page.waitForTimeout(10_000);
  expect(await slackStep(request, id)).toMatchObject({ status: 'waiting', attempt: held?.attempt });
  await expect(step).toContainText('Waiting for its service');
  expect(await deliveriesMentioning(request, 'slack', hire.employeeId)).toHaveLength(0);

  await page.getByRole('link', { name: 'Services' }).first().click();
  await expect(page).toHaveURL(/\/services$/);
  const resumedAt = Date.now();
  await page.getByRole('region', { name: 'Slack' }).getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('region', { name: 'Slack' })).toContainText('Closed');
  await expect(page.getByRole('status').filter({ hasText: 'Slack is paused' })).toHaveCount(0);

  await expect.poll(async () => (await slackStep(request, id))?.status, { timeout: 15_000, intervals: [200] }).toBe('completed');
  // Resumed steps run within 2 s (a little more for the page, the click and the polling here).
  expect(Date.now() - resumedAt).toBeLessThan(5_000);
  expect(await slackStep(request, id)).toMatchObject({ status: 'completed', attempt: 1 });
  expect(await deliveriesMentioning(request, 'slack', hire.employeeId)).toHaveLength(1);
});

test('the services API says what is wrong with a bad pause or resume', async ({ request }) => {
  const noReason = await request.post('/api/services/slack/pause', { data: {} });
  expect(noReason.status()).toBe(400);
  const body = (await noReason.json()) as { error: { code: string; fields?: Record<string, string[]> } };
  expect(body.error.code).toBe('invalid_input');
  expect(body.error.fields?.reason).toBeDefined();
  const blank = await request.post('/api/services/slack/pause', { data: { reason: '   ' } });
  expect(blank.status()).toBe(400);
  expect((await request.post('/api/services/fax/pause', { data: { reason: 'x' } })).status()).toBe(404);
  const notPaused = await request.post('/api/services/email/resume');
  expect(notPaused.status()).toBe(409);
  expect(((await notPaused.json()) as { error: { code: string } }).error.code).toBe('not_paused');

  const list = await request.get('/api/services');
  expect(list.status()).toBe(200);
  const services = (await list.json()) as { service: string; state: string }[];
  expect(services.map((view) => view.service)).toEqual(['email', 'llm', 'crm', 'slack']);
});

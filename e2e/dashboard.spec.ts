/**
 * The dashboard against the real stack: form → workflow → timeline, retries, decisions by a person,
 * cancellation, a worker crash, validation and hostile input. Faults are global per service, so these
 * tests run one after another and every test starts from a sandbox without faults.
 */
import { expect, test } from '@playwright/test';
import { controlStack } from './harness';
import {
  clearFaults,
  deliveriesMentioning,
  fillNewHireForm,
  newHire,
  overallStatus,
  setFault,
  startOnboarding,
  stepItem,
  stepList,
  uniqueEmployeeId,
} from './fixtures';

test.describe.configure({ mode: 'serial' });

const STEP_LABELS = ['Send welcome email', 'Generate learning path', 'Update CRM status', 'Notify team on Slack'];

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

test.afterAll(async ({ request }) => {
  await clearFaults(request);
});

test('a new hire entered in the form lands on a timeline that completes all four steps', async ({ page }) => {
  const hire = newHire({ fullName: 'Grace Hopper', department: 'Platform', managerEmail: 'lead@example.com' });
  await page.goto('/');
  await page.getByRole('link', { name: 'New hire' }).first().click();
  await expect(page).toHaveURL(/\/onboardings\/new$/);
  await fillNewHireForm(page, hire);
  // Platform suggests the engineering plan (timed steps, tasks for a buddy): this test follows the four steps at once.
  await expect(page.getByLabel('Plan', { exact: true })).toHaveValue('engineering');
  await page.getByLabel('Plan', { exact: true }).selectOption('standard');
  await page.getByRole('button', { name: 'Start onboarding' }).click();

  await expect(page).toHaveURL(/\/onboardings\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
  await expect(stepList(page).getByRole('heading', { level: 3 })).toHaveText(STEP_LABELS);
  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
  for (const label of STEP_LABELS) {
    await expect(stepItem(page, label)).toContainText('Completed');
    await expect(stepItem(page, label)).toContainText('Attempt 1 of');
  }
  await expect(stepItem(page, 'Send welcome email')).toContainText(hire.email);
  await expect(stepItem(page, 'Notify team on Slack')).toContainText('#onboarding-team');
  await expect(page.getByRole('link', { name: /Open in Temporal UI/ })).toHaveAttribute('target', '_blank');
  await expect(page.getByRole('region', { name: 'Activity' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel onboarding' })).toHaveCount(0);

  // The list shows it too, with its status in words.
  await page.getByRole('link', { name: 'Onboardings' }).first().click();
  await page.getByLabel('Search').fill(hire.employeeId);
  // Filtered on the unique employee ID: earlier runs may have left other Grace Hoppers in the list.
  const row = page.getByRole('row').filter({ hasText: hire.employeeId });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link', { name: 'Grace Hopper' })).toBeVisible();
  await expect(row).toContainText('Completed');
  await expect(row).toContainText('4 of 4');
});

test('transient email failures show each attempt, the failure, then the step completes', async ({ page, request }) => {
  // Each call is slowed down so every attempt stays on screen for at least one poll.
  await setFault(request, { service: 'email', failNext: 2, latencyMs: 2500 });
  const id = await startOnboarding(request, newHire());
  await page.goto(`/onboardings/${id}`);

  const email = stepItem(page, 'Send welcome email');
  await expect(email).toContainText('Attempt 2 of 5', { timeout: 20_000 });
  await expect(email).toContainText('Attempt 3 of 5', { timeout: 20_000 });
  await expect(email.getByText(/unavailable|503|failed/i).first()).toBeVisible();
  await expect(email).toContainText('Completed', { timeout: 20_000 });
  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
});

test('an unknown Slack channel needs attention, and a retry with the right channel posts exactly once', async ({ page, request }) => {
  const hire = newHire({ slackChannel: '#onbording' });
  await page.goto('/onboardings/new');
  // The four steps of the standard plan (the form suggests Engineering for this role).
  await fillNewHireForm(page, hire, { plan: 'standard' });
  await page.getByRole('button', { name: 'Start onboarding' }).click();

  await expect(overallStatus(page)).toHaveText('Needs attention', { timeout: 30_000 });
  const slack = stepItem(page, 'Notify team on Slack');
  await expect(slack).toContainText('Slack channel #onbording not found');
  await expect(slack).toContainText('Permanent — needs a person');

  await slack.getByRole('button', { name: 'Retry', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const channel = dialog.getByLabel('Slack channel');
  await expect(channel).toHaveValue('#onbording');
  await channel.fill('#onboarding-team');
  await dialog.getByRole('button', { name: 'Retry step' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
  await expect(slack).toContainText('#onboarding-team');
  await expect.poll(async () => (await deliveriesMentioning(request, 'slack', hire.employeeId)).length).toBe(1);
});

test('the retry dialog closes with Escape and keeps focus inside while open', async ({ page, request }) => {
  const id = await startOnboarding(request, newHire({ slackChannel: '#nowhere' }));
  await page.goto(`/onboardings/${id}`);
  await expect(overallStatus(page)).toHaveText('Needs attention', { timeout: 30_000 });
  const retry = stepItem(page, 'Notify team on Slack').getByRole('button', { name: 'Retry', exact: true });
  await retry.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Slack channel')).toBeFocused();
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(retry).toBeFocused();
  await expect(overallStatus(page)).toHaveText('Needs attention');
});

test('a permanently failing CRM step can be skipped and the onboarding goes on', async ({ page, request }) => {
  await setFault(request, { service: 'crm', failNext: 1, permanent: true });
  const id = await startOnboarding(request, newHire());
  await page.goto(`/onboardings/${id}`);

  await expect(overallStatus(page)).toHaveText('Needs attention', { timeout: 30_000 });
  const crm = stepItem(page, 'Update CRM status');
  await expect(crm).toContainText('Permanent — needs a person');
  await crm.getByRole('button', { name: 'Skip', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Skip step' }).click();

  await expect(crm).toContainText('Skipped', { timeout: 15_000 });
  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
  await expect(stepItem(page, 'Notify team on Slack')).toContainText('Completed');
});

test('cancelling a running onboarding undoes the completed steps', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Slower than the CRM client's 10 s timeout: every attempt times out and is retried, so the step stays in
  // flight for most of a minute and cannot finish before the cancel lands, however loaded the machine.
  await setFault(request, { service: 'crm', latencyMs: 30_000 });
  const hire = newHire();
  const id = await startOnboarding(request, hire);
  await page.goto(`/onboardings/${id}`);

  await expect(stepItem(page, 'Update CRM status')).toContainText('Running', { timeout: 20_000 });
  await expect(stepItem(page, 'Send welcome email')).toContainText('Completed');
  await page.getByRole('button', { name: 'Cancel onboarding' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('undone');
  await dialog.getByRole('button', { name: 'Yes, cancel onboarding' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  // Compensation runs fast once the slow CRM is healthy again.
  await setFault(request, { service: 'crm', latencyMs: 0 });

  await expect(overallStatus(page)).toHaveText('Cancelled', { timeout: 45_000 });
  await expect(stepItem(page, 'Send welcome email')).toContainText('Compensated');
  await expect(stepItem(page, 'Update CRM status')).toContainText('Cancelled');
  await expect(stepItem(page, 'Notify team on Slack')).not.toContainText('Completed');
  await expect(page.getByRole('button', { name: 'Cancel onboarding' })).toHaveCount(0);
  await expect.poll(async () => (await deliveriesMentioning(request, 'email', hire.email)).length).toBe(2);
});

test('a worker killed in the middle of a step does not stop the onboarding', async ({ page, request }) => {
  test.setTimeout(150_000);
  // Slow enough to catch the step in flight, below the CRM client's 10 s timeout.
  await setFault(request, { service: 'crm', latencyMs: 8000 });
  const id = await startOnboarding(request, newHire());
  await page.goto(`/onboardings/${id}`);
  await expect(stepItem(page, 'Update CRM status')).toContainText('Running', { timeout: 20_000 });

  await controlStack('worker/kill');
  try {
    await setFault(request, { service: 'crm', latencyMs: 0 });
    // The page keeps showing what Temporal knows instead of an error.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  } finally {
    await controlStack('worker/start');
  }
  // The lost attempt is retried once its start-to-close timeout has passed.
  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 120_000 });
  await expect(stepItem(page, 'Update CRM status')).toContainText('Completed');
});

test('form errors appear beside their fields and nothing is sent while the form is invalid', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().includes('/api/onboardings')) posts.push(req.url());
  });
  await page.goto('/onboardings/new');

  const email = page.getByLabel('Work email', { exact: true });
  await email.fill('not-an-email');
  await email.blur();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  const descriptions = await Promise.all(
    (describedBy ?? '').split(' ').map((descriptionId) => page.locator(`[id="${descriptionId}"]`).innerText()),
  );
  expect(descriptions.join(' ')).toMatch(/valid email/i);

  await page.getByRole('button', { name: 'Start onboarding' }).click();
  for (const label of ['Employee ID', 'Full name', 'Role', 'Start date']) {
    await expect(page.getByLabel(label, { exact: true })).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page.getByText('Nothing was sent')).toBeVisible();
  // Fixing a field clears its error as you type.
  await email.fill('ada@example.com');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Slack channel', { exact: true }).fill('no-hash');
  await page.getByLabel('Slack channel', { exact: true }).blur();
  await expect(page.getByLabel('Slack channel', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(posts).toEqual([]);
});

test('a duplicate employee ID links to the onboarding that already exists', async ({ page, request }) => {
  const hire = newHire();
  const id = await startOnboarding(request, hire);
  await page.goto('/onboardings/new');
  // The standard plan needs no manager or buddy address (the form suggests Engineering for this role).
  await fillNewHireForm(page, { ...hire, fullName: 'Someone Else' }, { plan: 'standard' });
  await page.getByRole('button', { name: 'Start onboarding' }).click();
  const link = page.getByRole('link', { name: 'Open the existing onboarding' });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', `/onboardings/${encodeURIComponent(id)}`);
  await expect(page.getByLabel('Full name', { exact: true })).toHaveValue('Someone Else');
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: hire.fullName })).toBeVisible();
});

test('a name that looks like HTML is shown as text on the list and the detail page', async ({ page, request }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const employeeId = uniqueEmployeeId('xss');
  const id = await startOnboarding(request, newHire({ employeeId, fullName: hostile }));

  await page.goto('/');
  await page.getByLabel('Search').fill(employeeId);
  await expect(page.getByRole('row').filter({ hasText: employeeId })).toHaveCount(1);
  const link = page.getByRole('row').filter({ hasText: employeeId }).getByRole('link', { name: hostile, exact: true });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/onboardings/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostile);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('an unknown onboarding shows a not-found message with a way back', async ({ page }) => {
  await page.goto(`/onboardings/onboarding-${uniqueEmployeeId('missing')}`);
  await expect(page.getByRole('heading', { name: 'Onboarding not found' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Back to onboardings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Onboardings' })).toBeVisible();
});

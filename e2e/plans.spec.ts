/**
 * Plans in the browser (issue 13): HR starts an `engineering` onboarding, sees its scheduled steps with
 * a countdown, runs the manager's 1:1 task now, opens the manager's link from the sandbox mail without an
 * account, marks it done, and sees it in the timeline and the activity log; the used link says so; the
 * "Needs action" view shows a stuck onboarding. With SCREENSHOTS=1 it also writes the plan page, the
 * timeline and the link page to docs/screenshots in light and dark mode.
 */
import { expect, test } from '@playwright/test';
import { clearFaults, fillNewHireForm, linkMailedTo, newHire, setFault, shootForDocs, startOnboarding, stepItem, stepList, tomorrow } from './fixtures';

test('HR starts an engineering onboarding; the manager marks their task done through the mailed link', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await clearFaults(request);
  const hire = newHire({ fullName: 'Grace Hopper', role: 'Backend Engineer', department: 'Engineering', startDate: tomorrow() });
  const managerEmail = `lead-${hire.employeeId}@example.com`;

  await page.goto('/plans');
  await expect(page.getByRole('heading', { name: 'Plans', level: 1 })).toBeVisible();
  await shootForDocs(page, 'plans');

  await page.goto('/onboardings/new');
  await fillNewHireForm(page, { ...hire, managerEmail });
  // Preselected from the department as HR typed it.
  await expect(page.getByLabel('Plan', { exact: true })).toHaveValue('engineering');
  await page.getByLabel('Buddy email', { exact: true }).fill(`buddy-${hire.employeeId}@example.com`);
  await page.getByRole('button', { name: 'Start onboarding' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper', level: 1 })).toBeVisible({ timeout: 15_000 });

  // The learning path waits for the manager's approval before later steps run (e2e/assistant.spec.ts has the
  // manager's side); HR approves it here from the dashboard.
  const learning = stepItem(page, 'Generate learning path');
  await expect(learning).toContainText('waits for the manager’s approval', { timeout: 30_000 });
  await learning.getByRole('button', { name: 'Approve' }).click();
  await expect(learning).toContainText('Approved by', { timeout: 15_000 });

  // Steps of the start date wait for it, with their date and a live countdown; tasks show owner and due date.
  const oneOnOne = stepItem(page, 'First 1:1 with the manager');
  await expect(stepItem(page, 'Update CRM status')).toContainText('Scheduled', { timeout: 20_000 });
  await expect(stepItem(page, 'Update CRM status')).toContainText(/Runs .* · in \d+ h \d+ min/);
  await expect(oneOnOne).toContainText('Owner: Manager');
  await expect(oneOnOne).toContainText('Due');
  await expect(stepItem(page, 'Prepare laptop and accounts')).toContainText('Waiting for a person', { timeout: 20_000 });
  await expect(stepItem(page, 'Send welcome email')).toContainText('Completed', { timeout: 30_000 });
  await shootForDocs(page, 'plan-timeline');

  await oneOnOne.getByRole('button', { name: 'Run now' }).click();
  await expect(oneOnOne).toContainText('Waiting for a person', { timeout: 15_000 });

  // The manager, without an account, from the sandbox mail.
  const link = await linkMailedTo(request, managerEmail);
  const manager = await page.context().browser()?.newContext();
  if (!manager) throw new Error('no browser');
  const managerPage = await manager.newPage();
  await managerPage.setViewportSize({ width: 1280, height: 900 });
  await managerPage.goto(link);
  await expect(managerPage.getByRole('heading', { name: 'First 1:1 with the manager' })).toBeVisible();
  await expect(managerPage.getByText('Onboarding of Grace Hopper')).toBeVisible();
  await shootForDocs(managerPage, 'act-link');
  await managerPage.getByRole('button', { name: 'Mark done' }).click();
  await expect(managerPage.getByRole('status')).toContainText('is marked done');

  // HR sees it in the timeline and the activity log.
  await expect(oneOnOne).toContainText('Completed', { timeout: 15_000 });
  await expect(oneOnOne).toContainText('Done by Manager (by link)');
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('First 1:1 with the manager marked done');

  // The link works once.
  await managerPage.goto(link);
  await expect(managerPage.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
  expect((await request.get(`/api${link}`)).status()).toBe(410);
  await manager.close();
});

test('a forged link is not found and changes nothing', async ({ page, request }) => {
  const forged = '/act/eyJ3Ijoib25ib2FyZGluZy14In0.bm90LWEtc2lnbmF0dXJl';
  expect((await request.post(`/api${forged}`, { data: { decision: 'done' } })).status()).toBe(404);
  await page.goto(forged);
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
});

test('the Needs action view shows a stuck onboarding', async ({ page, request }) => {
  test.setTimeout(90_000);
  await clearFaults(request);
  await setFault(request, { service: 'email', failNext: 1, permanent: true });
  const id = await startOnboarding(request, newHire({ fullName: 'Stuck Stella', startDate: tomorrow() }));
  await expect
    .poll(async () => ((await (await request.get(`/api/onboardings/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('needs_attention');
  await clearFaults(request);

  await page.goto('/');
  await page.getByRole('button', { name: /Needs action/ }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Stuck Stella' }) });
  await expect(row).toContainText('A step needs a person', { timeout: 15_000 });
  await expect(stepList(page)).toHaveCount(0);
});

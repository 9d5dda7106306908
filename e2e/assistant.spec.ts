/**
 * The assistant in the browser (issue 14): the manager's link shows the drafted learning path,
 * "Request changes" with "add security basics" brings a new draft with that module under a new link,
 * "Approve" completes the step; a Slack channel typo shows "Suggested fix" naming the right channel, and
 * one click completes the onboarding with exactly one Slack message. With SCREENSHOTS=1 it also writes
 * the link page with a draft and the detail page with a suggested fix to docs/screenshots.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { clearFaults, linkMailedTo, newHire, shootForDocs, startOnboarding, stepItem, tomorrow } from './fixtures';

interface SandboxState {
  deliveries: { email: { to?: string; subject?: string; text?: string }[]; slack: { channel?: string; text?: string; idempotencyKey?: string | null }[] };
}

async function sandboxState(request: APIRequestContext): Promise<SandboxState> {
  return (await (await request.get('/api/sandbox/state')).json()) as SandboxState;
}

test('the manager shapes the learning path through their link: request changes, then approve', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  await clearFaults(request);
  const hire = newHire({ fullName: 'Katherine Johnson', role: 'Backend Engineer', department: 'Engineering', startDate: tomorrow() });
  const managerEmail = `lead-${hire.employeeId}@example.com`;
  const id = await startOnboarding(request, { ...hire, managerEmail, plan: 'engineering', buddyEmail: `buddy-${hire.employeeId}@example.com` } as typeof hire);

  const manager = await browser.newContext();
  const managerPage = await manager.newPage();
  await managerPage.setViewportSize({ width: 1100, height: 900 });
  const first = await linkMailedTo(request, managerEmail, { kind: 'approval', count: 1 });
  await managerPage.goto(first);
  await expect(managerPage.getByRole('heading', { name: 'Generate learning path' })).toBeVisible();
  await expect(managerPage.getByText('Onboarding of Katherine Johnson')).toBeVisible();
  const draft = managerPage.getByRole('region', { name: /Proposed learning path \(draft 1/ });
  await expect(draft).toBeVisible();
  await expect(draft.getByRole('listitem').first()).toBeVisible();
  await expect(draft).not.toContainText('Security basics');
  await shootForDocs(managerPage, 'act-approval');

  // "Request changes" needs words.
  await managerPage.getByRole('button', { name: 'Request changes' }).click();
  await expect(managerPage.getByText('Say what to change')).toBeVisible();
  await managerPage.getByLabel('Feedback').fill('add security basics');
  await managerPage.getByRole('button', { name: 'Request changes' }).click();
  await expect(managerPage.getByRole('status')).toContainText('writing a new draft');

  // A new link for the new draft, with the module asked for; the first link was used.
  const second = await linkMailedTo(request, managerEmail, { kind: 'approval', count: 2 });
  expect(second).not.toBe(first);
  await managerPage.goto(second);
  const revised = managerPage.getByRole('region', { name: /Proposed learning path \(draft 2/ });
  await expect(revised).toContainText('Security basics');
  await managerPage.getByRole('button', { name: 'Approve' }).click();
  await expect(managerPage.getByRole('status')).toContainText('is approved');
  expect((await request.get(`/api${first}`)).status()).toBe(410);
  expect((await request.get(`/api${second}`)).status()).toBe(410);
  await manager.close();

  // HR sees the approved step, and the story of the drafts in the activity log.
  await page.goto(`/onboardings/${id}`);
  const learning = stepItem(page, 'Generate learning path');
  await expect(learning).toContainText('Completed', { timeout: 15_000 });
  await expect(learning).toContainText('Approved by Manager (by link)');
  await expect(learning).toContainText('Security basics');
  const activity = page.getByRole('region', { name: 'Activity' });
  await expect(activity).toContainText('Changes requested to draft 1: “add security basics”');
  await expect(activity).toContainText('Draft 2 after the feedback “add security basics”');
});

test('HR approves or requests changes to a draft from the dashboard', async ({ page, request }) => {
  test.setTimeout(120_000);
  await clearFaults(request);
  const hire = newHire({ fullName: 'Mary Jackson', role: 'Backend Engineer', department: 'Engineering', startDate: tomorrow() });
  const id = await startOnboarding(request, {
    ...hire,
    managerEmail: `lead-${hire.employeeId}@example.com`,
    plan: 'engineering',
    buddyEmail: `buddy-${hire.employeeId}@example.com`,
  } as typeof hire);

  await page.goto(`/onboardings/${id}`);
  const learning = stepItem(page, 'Generate learning path');
  await expect(learning).toContainText('Draft 1 waits for the manager’s approval', { timeout: 30_000 });
  await learning.getByRole('button', { name: 'Request changes' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request changes to draft 1' });
  await dialog.getByLabel('Feedback').fill('add security basics');
  await dialog.getByRole('button', { name: 'Request changes' }).click();
  await expect(learning).toContainText('Draft 2 waits for the manager’s approval', { timeout: 30_000 });
  await expect(learning).toContainText('Security basics');

  await learning.getByRole('button', { name: 'Approve' }).click();
  await expect(learning).toContainText('Completed', { timeout: 15_000 });
  await expect(learning).toContainText('Approved by HR');
});

test('a Slack channel typo comes with a suggested fix; one click completes the onboarding with one Slack message', async ({ page, request }) => {
  test.setTimeout(120_000);
  await clearFaults(request);
  await page.setViewportSize({ width: 1280, height: 900 });
  const hire = newHire({ fullName: 'Dorothy Vaughan', slackChannel: '#onbording-team' });
  const id = await startOnboarding(request, hire);

  await page.goto(`/onboardings/${id}`);
  const slack = stepItem(page, 'Notify team on Slack');
  const fix = slack.getByRole('region', { name: 'Suggested fix' });
  await expect(fix).toBeVisible({ timeout: 45_000 });
  await expect(fix).toContainText('#onboarding-team');
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('did you mean #onboarding-team?');
  await shootForDocs(page, 'suggested-fix');

  await slack.getByRole('button', { name: 'Apply fix and retry' }).click();
  await expect(page.getByRole('status', { name: 'Overall status' })).toContainText('Completed', { timeout: 30_000 });
  await expect(slack).toContainText('Posted in #onboarding-team');

  const posts = (await sandboxState(request)).deliveries.slack.filter((post) => post.idempotencyKey?.startsWith(`${id}:`));
  expect(posts).toHaveLength(1);
  expect(posts[0]?.channel).toBe('#onboarding-team');
});

/**
 * Pages arrive with their data, and the polled detail is revalidated rather than sent again: the server
 * renders the list and the detail with their first data (no skeleton waiting for the browser's own
 * request), the counts come from one request, and while an onboarding stands still the browser's
 * requests for its detail are answered 304 Not Modified, yet the page still shows the change when one comes.
 */
import { expect, test } from '@playwright/test';
import { clearFaults, newHire, overallStatus, setFault, startOnboarding, stepItem } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

test('the list and the detail come from the server with their data in the first HTML', async ({ request }) => {
  const hire = newHire({ fullName: 'Grace Hopper' });
  const id = await startOnboarding(request, hire);

  const detailHtml = await (await request.get(`/onboardings/${id}`)).text();
  expect(detailHtml).toContain('Grace Hopper');
  expect(detailHtml).toContain('Send welcome email');

  const listHtml = await (await request.get('/')).text();
  expect(listHtml).toContain(`href="/onboardings/${id}"`);

  const counts = await request.get('/api/onboardings/counts');
  expect(counts.status()).toBe(200);
  const body = (await counts.json()) as { statuses: { running: number; completed: number }; needsAction: number };
  expect(body.statuses.running + body.statuses.completed).toBeGreaterThanOrEqual(1);
});

test('buttons that arrive with the first HTML cannot be pressed until the page is ready, then work', async ({ page, request }) => {
  // A slow CRM keeps the onboarding running, so its Reschedule button stays.
  await setFault(request, { service: 'crm', latencyMs: 30_000 });
  const id = await startOnboarding(request, newHire());
  // In the server's HTML the controls sit in a disabled fieldset: a click before React handles it would be lost.
  const html = await (await request.get(`/onboardings/${id}`)).text();
  expect(html).toMatch(/<fieldset[^>]*disabled=""/);
  await page.goto(`/onboardings/${id}`);
  await expect(page.getByRole('button', { name: 'Reschedule' })).toBeEnabled();
  await page.getByRole('button', { name: 'Reschedule' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await clearFaults(request);
});

test('an unknown onboarding is answered with the not-found page by the server', async ({ request }) => {
  // The status stays 200: the page streams (its loading skeleton goes first), so the headers are sent
  // before the server knows; Next marks the page noindex instead.
  const html = await (await request.get('/onboardings/onboarding-no-such-hire-anywhere')).text();
  expect(html).toContain('Onboarding not found');
  expect(html).toContain('noindex');
  // The detail component never starts for it (it would poll a 404).
  expect(html).not.toContain('OnboardingDetail');
});

test('a page polling an unchanged onboarding revalidates (304), and still shows the change when it comes', async ({ page, request }) => {
  const hire = newHire({ slackChannel: '#no-such-channel' });
  const id = await startOnboarding(request, hire);
  await page.goto(`/onboardings/${id}`);
  await expect(overallStatus(page)).toHaveText('Needs attention', { timeout: 30_000 });

  // Standing still at "Needs attention", the page revalidates every second: its requests name the copy
  // it has. (Chromium shows the page a revalidated answer as the stored 200, so the 304 is checked below.)
  const revalidation = await page.waitForRequest(
    async (request) => request.url().endsWith(`/api/onboardings/${id}`) && (await request.headerValue('if-none-match')) !== null,
    { timeout: 10_000 },
  );
  const tag = (await revalidation.headerValue('if-none-match')) ?? '';
  const unchanged = await request.get(`/api/onboardings/${id}`, { headers: { 'If-None-Match': tag } });
  expect(unchanged.status()).toBe(304);
  expect(await unchanged.text()).toBe('');

  // A change made elsewhere (a retry through the API with the right channel) reaches the page.
  const retry = await request.post(`/api/onboardings/${id}/retry`, { data: { step: 'slack-notification', patch: { slackChannel: '#onboarding-team' } } });
  expect(retry.status(), await retry.text()).toBe(200);
  await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
  await expect(stepItem(page, 'Notify team on Slack')).toContainText('#onboarding-team');
});

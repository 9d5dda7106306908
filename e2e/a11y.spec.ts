/** Every page scanned with axe in light and dark mode: no serious or critical violations. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { newHire, overallStatus, startOnboarding } from './fixtures';

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`),
    `${what} has serious accessibility problems`,
  ).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });
    test.describe.configure({ timeout: 120_000 });

    test('the list of onboardings', async ({ page, request }) => {
      await startOnboarding(request, newHire({ fullName: 'Mary Jackson' }));
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Mary Jackson' }).first()).toBeVisible({ timeout: 15_000 });
      await expectNoSeriousViolations(page, 'the list');
    });

    test('the new-hire form, with its field errors showing', async ({ page }) => {
      await page.goto('/onboardings/new');
      await page.getByRole('button', { name: 'Start onboarding' }).click();
      await expect(page.getByLabel('Full name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expectNoSeriousViolations(page, 'the form with errors');
    });

    test('a finished onboarding', async ({ page, request }) => {
      const id = await startOnboarding(request, newHire({ fullName: 'Dorothy Vaughan' }));
      await page.goto(`/onboardings/${id}`);
      await expect(overallStatus(page)).toHaveText('Completed', { timeout: 30_000 });
      await expectNoSeriousViolations(page, 'the detail page');
    });

    test('an onboarding that needs attention, with the retry dialog open', async ({ page, request }) => {
      const id = await startOnboarding(request, newHire({ fullName: 'Annie Easley', slackChannel: '#no-such-channel' }));
      await page.goto(`/onboardings/${id}`);
      await expect(overallStatus(page)).toHaveText('Needs attention', { timeout: 30_000 });
      await expectNoSeriousViolations(page, 'the detail page needing attention');
      await page.getByRole('button', { name: 'Retry', exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'the retry dialog');
    });

    test('the sandbox', async ({ page }) => {
      await page.goto('/sandbox');
      await expect(page.getByRole('region', { name: 'Email' })).toBeVisible({ timeout: 15_000 });
      await expectNoSeriousViolations(page, 'the sandbox');
    });

    test('the services page with a paused service, its banner and the pause dialog', async ({ page, request }) => {
      const paused = await request.post('/api/services/crm/pause', { data: { reason: `a11y check (${colorScheme})` } });
      expect(paused.status()).toBe(200);
      try {
        await page.goto('/services');
        await expect(page.getByRole('status').filter({ hasText: 'CRM is paused' })).toBeVisible({ timeout: 15_000 });
        await expectNoSeriousViolations(page, 'the services page');
        await page.getByRole('region', { name: 'Email' }).getByRole('button', { name: 'Pause' }).click();
        await expect(page.getByRole('dialog', { name: 'Pause Email' })).toBeVisible();
        await expectNoSeriousViolations(page, 'the pause dialog');
      } finally {
        expect((await request.post('/api/services/crm/resume')).status()).toBe(200);
      }
    });

    test('the people page, with a one-time link showing', async ({ page }) => {
      await page.goto('/admin/users');
      await page.getByLabel('Email', { exact: true }).fill(`a11y-${colorScheme}@example.com`);
      await page.getByLabel('Name', { exact: true }).fill(`A11y ${colorScheme}`);
      await page.getByRole('button', { name: 'Add person' }).click();
      await expect(page.getByLabel('Set-password link')).toBeVisible();
      await expect(page.getByRole('row', { name: new RegExp(`A11y ${colorScheme}`) })).toBeVisible();
      await expectNoSeriousViolations(page, 'the people page');
    });

    test('the set-password page', async ({ page }) => {
      await page.goto('/set-password#not-a-real-token');
      await expect(page.getByLabel('New password')).toBeVisible();
      await expectNoSeriousViolations(page, 'the set-password page');
    });
  });
}

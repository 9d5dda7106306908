/**
 * Writes docs/screenshots/{list,new,detail,sandbox}-{light,dark}.png from the real stack.
 * Opt-in (SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts) so `npm test` does not rewrite them.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clearFaults, newHire, overallStatus, setFault, startOnboarding } from './fixtures';

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh docs/screenshots');
test.describe.configure({ mode: 'serial' });

const OUT = path.join(__dirname, '..', 'docs', 'screenshots');
const HIRES = [
  { fullName: 'Zoë Martín', role: 'Frontend Engineer', department: 'Web' },
  { fullName: 'Kwame Mensah', role: 'Data Scientist', department: 'Insights' },
  { fullName: 'Li Wei', role: 'Product Designer', department: 'Design' },
  { fullName: 'Siobhán O’Brien', role: 'Sales Representative', department: 'Sales' },
];

let attentionId = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  await clearFaults(request);
  const ids: string[] = [];
  for (const hire of HIRES) ids.push(await startOnboarding(request, newHire(hire)));
  attentionId = await startOnboarding(
    request,
    newHire({ fullName: 'Amara Okafor', role: 'Backend Engineer', department: 'Platform', slackChannel: '#onbording' }),
  );
  await expect
    .poll(async () => ((await (await request.get(`/api/onboardings/${attentionId}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('needs_attention');
  // One left in progress on a slow CRM (set only now, so the others are past their CRM step), so the list shows every kind of status.
  await setFault(request, { service: 'crm', latencyMs: 60_000 });
  await startOnboarding(request, newHire({ fullName: 'Jonas Berg', role: 'Accountant', department: 'Finance' }));
});

test.afterAll(async ({ request }) => {
  await clearFaults(request);
});

async function shoot(page: Page, name: string): Promise<void> {
  // `next dev` adds its own floating badge; it is not part of the product.
  await page.addStyleTag({ content: 'nextjs-portal { display: none !important; }' });
  await page.screenshot({ path: path.join(OUT, name), fullPage: true, animations: 'disabled' });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Amara Okafor' }).first()).toBeVisible({ timeout: 15_000 });
    await shoot(page, `list-${colorScheme}.png`);

    await page.goto('/onboardings/new');
    await page.getByLabel('Full name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Work email', { exact: true }).fill('ada@example');
    await page.getByLabel('Work email', { exact: true }).blur();
    await shoot(page, `new-${colorScheme}.png`);

    await page.goto(`/onboardings/${attentionId}`);
    await expect(overallStatus(page)).toHaveText('Needs attention');
    await expect(page.getByRole('region', { name: 'Activity' }).getByRole('listitem').first()).toBeVisible();
    await shoot(page, `detail-${colorScheme}.png`);

    await page.goto('/sandbox');
    await expect(page.getByRole('region', { name: 'Email' }).getByRole('listitem').first()).toBeVisible({ timeout: 15_000 });
    await shoot(page, `sandbox-${colorScheme}.png`);
  });
}

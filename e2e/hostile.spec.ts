/**
 * Hostile input against the real stack:
 * - markup and scripts typed into the form come back as literal text on every page that shows them
 *   (list, detail, sandbox deliveries): no dialog fires, no injected element exists, the text is visible;
 * - text that passes validation and still tries hard (quotes, right-to-left marks, an apostrophe in the
 *   e-mail's local part, very long words, Hebrew) reaches every simulated service byte for byte and
 *   comes back on the detail, list and sandbox pages;
 * - generated query strings, cursors and path IDs reach the real Temporal adapter (visibility queries,
 *   cursors decoded into page tokens) and never produce a 5xx or anything but the error envelope.
 *   (Bodies, headers and methods get thousands of cases in tests/unit/hostile-*.test.ts.)
 */
import fc from 'fast-check';
import { expect, test, type Page } from '@playwright/test';
import { fillNewHireForm, newHire, overallStatus, uniqueEmployeeId } from './fixtures';

test.describe.configure({ mode: 'serial' });

const HOSTILE = {
  fullName: `<img src=x onerror="window.__pwned=1;alert(1)"> O'Brien "Bobby" <script>window.__pwned=2</script>`,
  role: `<svg onload="window.__pwned=3">Engineer`,
  department: `</td><iframe src="javascript:alert(4)"></iframe>`,
};
/**
 * The name as the Slack announcement carries it: `&`, `<` and `>` are Slack's markup characters and
 * are sent as entities (Slack shows them as typed), so the dashboard shows the text as delivered.
 */
const SLACK_NAME = `&lt;img src=x onerror="window.__pwned=1;alert(1)"&gt; O'Brien "Bobby" &lt;script&gt;window.__pwned=2&lt;/script&gt;`;

/** Collects every dialog the page opens (none may) and answers it so the test cannot hang. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  expect(dialogs, 'a dialog fired: hostile text ran as script').toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // Attribute selectors here detect injected markup; they do not locate product UI.
  expect(await page.locator('img[src="x"], svg[onload], iframe[src^="javascript"]').count()).toBe(0);
}

test('text typed into the form is shown as text on the detail, list and sandbox pages', async ({ page }) => {
  test.setTimeout(120_000);
  const dialogs = watchDialogs(page);
  const hire = newHire({ fullName: HOSTILE.fullName, role: HOSTILE.role, department: HOSTILE.department });

  await page.goto('/onboardings/new');
  await fillNewHireForm(page, hire);
  await page.getByRole('button', { name: 'Start onboarding' }).click();

  // Detail: the heading is the literal name; role and department appear as typed.
  await expect(page.getByRole('heading', { level: 1, name: HOSTILE.fullName })).toBeVisible({ timeout: 30_000 });
  await expect(overallStatus(page)).toContainText(/completed/i, { timeout: 60_000 });
  await expect(page.getByText(HOSTILE.role, { exact: false }).first()).toBeVisible();
  await expect(page.getByText(HOSTILE.department, { exact: false }).first()).toBeVisible();
  // The Slack step's result repeats the name inside the announcement, escaped for Slack.
  await expect(page.getByText(`New user ${SLACK_NAME} (${hire.employeeId}) has been onboarded!`).first()).toBeVisible();
  await expectInert(page, dialogs);

  // List: the row's link carries the literal name.
  await page.goto('/');
  await page.getByLabel('Search').fill(hire.employeeId);
  await expect(page.getByRole('link', { name: HOSTILE.fullName })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(HOSTILE.role).first()).toBeVisible();
  await expectInert(page, dialogs);

  // Sandbox: the deliveries show the Slack announcement (escaped, as Slack received it) and the LLM's role as sent.
  await page.goto('/sandbox');
  await expect(page.getByText(`New user ${SLACK_NAME} (${hire.employeeId}) has been onboarded!`).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(HOSTILE.role).first()).toBeVisible();
  await expectInert(page, dialogs);
});

test('text that passes validation travels to every service unchanged and back to every page', async ({ page, request }) => {
  test.setTimeout(120_000);
  const dialogs = watchDialogs(page);
  const employeeId = uniqueEmployeeId('rtl');
  // No <, > or &: the Slack text is compared as sent (Slack-text escaping would rightly change those).
  const hire = newHire({
    employeeId,
    fullName: `\u200Fמרים\u200F O'Brien-"Bobby" \u202Eevil\u202C ${'Supercalifragilistic'.repeat(4)}`,
    role: `"Staff" Engineer \u202Eevil\u202C ${'Ü'.repeat(40)}`,
    email: `o'brien+${employeeId}@example.com`,
    slackChannel: '#engineering',
  });

  await page.goto('/onboardings/new');
  await fillNewHireForm(page, hire);
  await page.getByRole('button', { name: 'Start onboarding' }).click();
  await expect(page.getByRole('heading', { level: 1, name: hire.fullName })).toBeVisible({ timeout: 30_000 });
  await expect(overallStatus(page)).toContainText(/completed/i, { timeout: 60_000 });
  await expect(page.getByText(hire.role).first()).toBeVisible();

  // What each service received, field by field, through the sandbox's state.
  const state = (await (await request.get('/api/sandbox/state')).json()) as { deliveries: Record<string, Record<string, unknown>[]> };
  const of = (service: string) => state.deliveries[service]!.filter((d) => String(d.idempotencyKey).startsWith(`onboarding-${employeeId}:`));
  expect(of('email')).toHaveLength(1);
  expect(of('email')[0]).toMatchObject({ to: hire.email });
  // The welcome email greets the hire by the first word of the name, RTL marks included.
  expect(String(of('email')[0]!.text)).toContain(`Hi ${hire.fullName.split(' ')[0]},`);
  expect(of('llm')[0]).toMatchObject({ role: hire.role });
  expect(of('crm')[0]).toMatchObject({ employeeId, status: 'onboarded' });
  expect(of('slack')[0]).toMatchObject({ channel: '#engineering' });
  expect(String(of('slack')[0]!.text)).toContain(hire.fullName);

  await page.goto('/');
  await page.getByLabel('Search').fill(employeeId);
  await expect(page.getByRole('link', { name: hire.fullName })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(hire.role).first()).toBeVisible();

  await page.goto('/sandbox');
  await expect(page.getByRole('region', { name: 'Email' }).getByText(`to ${hire.email}`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Slack' }).getByText(hire.fullName, { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'LLM' }).getByText(hire.role, { exact: true }).first()).toBeVisible();
  await expectInert(page, dialogs);
});

test('generated query strings, cursors and path IDs never get a 5xx from the real API', async ({ request }) => {
  test.setTimeout(180_000);
  const ENVELOPE_CODES = new Set(['invalid_input', 'not_found', 'method_not_allowed', 'not_retryable', 'not_skippable', 'already_closed']);
  const hostileText = fc.oneof(
    fc.constantFrom(
      "' OR 1=1 --",
      `" OR WorkflowId != "`,
      "onboarding-a' OR WorkflowType = 'x",
      '%',
      '_',
      '\\',
      '*',
      '${x}',
      '<script>alert(1)</script>',
      'Zoë',
      '李',
      '__proto__',
      'AAAAAAAA',
      'eyJhIjoxfQ',
      'not-base64!!',
      '',
    ),
    fc.string({ maxLength: 120 }),
    fc.base64String({ maxLength: 200 }),
  );
  const checkAnswer = (method: string, path: string, status: number, text: string) => {
    expect(status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (status >= 400) {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      expect(ENVELOPE_CODES.has(body.error?.code ?? ''), `${method} ${path}: ${text.slice(0, 300)}`).toBe(true);
    }
  };

  await fc.assert(
    fc.asyncProperty(
      fc.record({ q: hostileText, cursor: hostileText, status: fc.oneof(hostileText, fc.constantFrom('running', 'completed', 'failed')), pageSize: fc.oneof(hostileText, fc.constantFrom('1', '100', '101')) }, { requiredKeys: [] }),
      async (query) => {
        const path = `/api/onboardings?${new URLSearchParams(query).toString()}`;
        const response = await request.get(path);
        checkAnswer('GET', path, response.status(), await response.text());
      },
    ),
    { numRuns: 150 },
  );

  const hostileId = fc.oneof(
    fc.constantFrom('onboarding-..', 'onboarding-a%2F..%2F..', '..%2F..%2Fapi%2Fhealth', 'onboarding-%00', 'onboarding-a%20b', 'onboarding-does-not-exist', 'onboarding-__proto__'),
    fc.string({ maxLength: 60 }).map((s) => `onboarding-${encodeURIComponent(s)}`),
    fc.stringMatching(/^onboarding-[a-z0-9][a-z0-9._-]{0,20}$/),
  );
  await fc.assert(
    fc.asyncProperty(hostileId, fc.constantFrom('', '/retry', '/skip', '/cancel'), async (id, action) => {
      const path = `/api/onboardings/${id}${action}`;
      const response = action === '' ? await request.get(path) : await request.post(path, { data: action === '/skip' ? { step: 'crm-update' } : {} });
      checkAnswer(action === '' ? 'GET' : 'POST', path, response.status(), await response.text());
      // Nothing with such an ID exists, so anything but "not found" (or a refused body) would be a leak.
      expect([400, 404], path).toContain(response.status());
    }),
    { numRuns: 150 },
  );
});

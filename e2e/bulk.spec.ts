/**
 * Many onboardings at once against the real stack: a bulk retry with a correction, a CSV import with
 * bad rows and duplicates, and the CSV export. Faults are global per service, so these run serially.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { clearFaults, deliveriesMentioning, newHire, startOnboarding, uniqueEmployeeId } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** A word no other test's hire has in their name, to find this test's onboardings by search. */
function uniqueWord(): string {
  return `bulk${Math.random().toString(36).slice(2, 9)}`;
}

async function statusOf(request: APIRequestContext, id: string): Promise<string> {
  const response = await request.get(`/api/onboardings/${encodeURIComponent(id)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { status: string }).status;
}

test('five onboardings stuck on a Slack typo are retried in one action with the right channel', async ({ page, request }) => {
  const word = uniqueWord();
  const names = ['One', 'Two', 'Three', 'Four', 'Five'].map((n) => `${n} ${word}`);
  const ids: string[] = [];
  for (const fullName of names) {
    ids.push(await startOnboarding(request, newHire({ fullName, slackChannel: '#onbording' })));
  }
  for (const id of ids) await expect.poll(() => statusOf(request, id), { timeout: 60_000 }).toBe('needs_attention');

  await page.goto('/');
  await page.getByLabel('Search').fill(word);
  for (const fullName of names) await expect(page.getByRole('link', { name: fullName })).toBeVisible();
  for (const fullName of names) await page.getByRole('checkbox', { name: `Select ${fullName}` }).check();
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toContainText('5 selected');

  await page.getByRole('button', { name: 'Retry selected' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Step').selectOption({ label: 'Notify team on Slack' });
  await dialog.getByLabel('Slack channel').fill('#onboarding-team');
  await dialog.getByRole('button', { name: 'Retry 5 onboardings' }).click();

  await expect(page).toHaveURL(/\/batches\/batch-/);
  await expect(page.getByRole('heading', { name: 'Bulk retry' })).toBeVisible();
  await expect(page.getByText('5 of 5 done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '5');

  for (const id of ids) await expect.poll(() => statusOf(request, id), { timeout: 60_000 }).toBe('completed');
  for (const id of ids) {
    const employeeId = id.replace(/^onboarding-/, '');
    const posts = await deliveriesMentioning(request, 'slack', employeeId);
    expect(posts, `Slack posts for ${employeeId}`).toHaveLength(1);
    expect(JSON.stringify(posts[0])).toContain('#onboarding-team');
  }
});

test('a batch names the same batch again for the same Idempotency-Key, and unknown IDs are not applicable', async ({ request }) => {
  const key = `key-${uniqueEmployeeId()}`;
  const body = { action: 'cancel', ids: ['onboarding-no-such-hire', 'onboarding-nobody-either'] };
  const first = await request.post('/api/batches', { data: body, headers: { 'Idempotency-Key': key } });
  expect(first.status(), await first.text()).toBe(202);
  const again = await request.post('/api/batches', { data: body, headers: { 'Idempotency-Key': key } });
  const { id } = (await first.json()) as { id: string };
  expect(((await again.json()) as { id: string }).id).toBe(id);

  await expect
    .poll(async () => ((await (await request.get(`/api/batches/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('completed');
  const batch = (await (await request.get(`/api/batches/${id}`)).json()) as { total: number; items: { outcome: string; message: string }[] };
  expect(batch.total).toBe(2);
  expect(batch.items.map((item) => [item.outcome, item.message])).toEqual([
    ['not_applicable', 'No onboarding with this ID'],
    ['not_applicable', 'No onboarding with this ID'],
  ]);
});

test('a CSV of 20 rows with 3 bad rows and 2 duplicates previews exactly that and starts the 15 others', async ({ page, request }) => {
  const word = uniqueWord();
  const existing = newHire({ fullName: `Existing ${word}` });
  await startOnboarding(request, existing);
  const start = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const header = 'employeeId,fullName,email,role,department,startDate,managerEmail,slackChannel';
  const line = (id: string, name: string, email = `${id}@example.com`, date = start) => [id, name, email, 'Designer', '', date, '', ''].join(',');
  const ids = Array.from({ length: 15 }, () => uniqueEmployeeId('csv'));
  const rows = [
    ...ids.map((id, i) => line(id, `Row${i + 1} ${word}`)),
    line(uniqueEmployeeId('csv'), `Bad email ${word}`, 'not-an-address'),
    line(uniqueEmployeeId('csv'), `Bad date ${word}`, undefined, '2026-13-01'),
    line(uniqueEmployeeId('csv'), `"=HYPERLINK(""http://evil.example"") ${word}"`),
    line(ids[0]!, `Repeat ${word}`),
    line(existing.employeeId, `Existing again ${word}`),
  ];

  await page.goto('/onboardings/import');
  await expect(page.getByRole('link', { name: 'Download CSV template' })).toBeVisible();
  await page.getByLabel('CSV file').setInputFiles({ name: 'hires.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) });
  await expect(page.getByText('20 rows: 15 ready, 3 with problems, 2 duplicates.')).toBeVisible();
  const preview = page.getByRole('table');
  await expect(preview.getByRole('row', { name: /Bad email/ })).toContainText('email: Enter a valid email address');
  await expect(preview.getByRole('row', { name: /HYPERLINK/ })).toContainText('which a spreadsheet runs as a formula');
  await expect(preview.getByRole('row', { name: /Repeat/ })).toContainText('Same employee ID as line 2');
  await expect(preview.getByRole('row', { name: /Existing again/ })).toContainText(`Already has an onboarding (onboarding-${existing.employeeId})`);

  await page.getByRole('button', { name: 'Start 15 onboardings' }).click();
  await expect(page).toHaveURL(/\/batches\/batch-/);
  await expect(page.getByText('15 of 15 done')).toBeVisible({ timeout: 60_000 });
  for (const id of ids) {
    await expect.poll(async () => (await request.get(`/api/onboardings/onboarding-${id}`)).status(), { timeout: 30_000 }).toBe(200);
  }
  // Nothing from the bad rows started.
  const list = (await (await request.get(`/api/onboardings?q=${word}&pageSize=100`)).json()) as { items: { fullName: string }[] };
  await expect.poll(async () => ((await (await request.get(`/api/onboardings?q=${word}&pageSize=100`)).json()) as { items: unknown[] }).items.length, { timeout: 30_000 }).toBe(16);
  expect(list.items.map((item) => item.fullName)).not.toContainEqual(expect.stringMatching(/Bad|HYPERLINK|Repeat|again/));
});

test('the CSV export has the list with its filter, and a name cannot become a spreadsheet formula', async ({ request }) => {
  const word = uniqueWord();
  await startOnboarding(request, newHire({ fullName: `=SUM(A1) ${word}` }));
  await startOnboarding(request, newHire({ fullName: `Plain ${word}` }));
  await expect
    .poll(async () => ((await (await request.get(`/api/onboardings?q=${word}`)).json()) as { items: unknown[] }).items.length, { timeout: 30_000 })
    .toBe(2);
  const response = await request.get(`/api/onboardings/export.csv?q=${word}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  expect(response.headers()['content-disposition']).toMatch(/attachment; filename="onboardings-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(lines[0]).toBe('employeeId,fullName,role,department,startDate,status,currentStep,completedSteps,totalSteps,startedAt,closedAt');
  expect(lines).toHaveLength(3);
  expect(lines.some((l) => l.includes(`'=SUM(A1) ${word}`))).toBe(true);
  expect(lines.some((l) => l.includes(`Plain ${word}`))).toBe(true);
});

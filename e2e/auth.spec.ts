/**
 * Sign-in and sign-out in a real browser. The shared e2e stack runs with sign-in off (the default), so
 * this spec starts a second web server of its own, from the same production build, with AUTH_SECRET
 * set. It points at a Temporal address where nothing listens: sign-in does not need Temporal, and the
 * dashboard then shows its "unreachable" state instead of onboardings encrypted with another key.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Stack } from '../scripts/lib/stack';
import { E2E_PORTS, emailAddressesInLogs } from './harness';

const PORT = E2E_PORTS.authWeb;
const BASE = `http://localhost:${PORT}`;
const ADMIN = { email: 'hr-admin@example.com', password: 'e2e-admin-password-123' };
const VIEWER_TOKEN = 'e2e-viewer-token-0123456789';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

let stack: Stack | undefined;
let dataDir = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboarding-e2e-auth-'));
  stack = new Stack({
    webPort: PORT,
    temporalPort: E2E_PORTS.authTemporal,
    dataDir,
    distDir: process.env.NEXT_DIST_DIR || '.next-e2e',
    env: {
      TEMPORAL_ADDRESS: `localhost:${E2E_PORTS.authTemporal}`,
      AUTH_SECRET: 'e2e-auth-secret-0123456789abcdef0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      API_TOKENS: `${VIEWER_TOKEN}:viewer,${ADMIN_TOKEN}:hr-admin`,
    },
    logToFiles: true,
    echo: Boolean(process.env.E2E_VERBOSE),
  });
  await stack.startWeb();
});

test.afterAll(async () => {
  await stack?.stop();
  // Sign-ins, failed ones included, and the people admin leave no e-mail address in the web log.
  expect(emailAddressesInLogs(dataDir)).toEqual([]);
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('pages send a visitor to the sign-in page; a wrong password is refused', async ({ page }) => {
  await page.goto(`${BASE}/onboardings/new`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fonboardings%2Fnew$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, ADMIN.email, 'not-the-password');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('That e-mail address and password do not match.');
});

test('an admin signs in, lands where they wanted to go, and signs out again', async ({ page }) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${BASE}/onboardings/new`);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(`${BASE}/onboardings/new`);
  await expect(page.getByText(ADMIN.email)).toBeVisible();
  await expect(page.getByText('HR admin')).toBeVisible();
  await expect(page.getByLabel('Employee ID')).toBeVisible();

  // The session cookie is HTTP-only: scripts on the page cannot read it.
  const cookies = await page.context().cookies(BASE);
  const session = cookies.find((cookie) => cookie.name.endsWith('next-auth.session-token'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  expect(await page.evaluate(() => document.cookie)).not.toContain('session-token');

  // The browser's session works for the API, same-origin changes included.
  expect((await page.request.get(`${BASE}/api/sandbox/state`)).status()).toBe(200);
  expect((await page.request.post(`${BASE}/api/sandbox/reset`, { headers: { origin: BASE } })).status()).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${BASE}/`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
  expect((await page.request.get(`${BASE}/api/sandbox/state`)).status()).toBe(401);
  expect(cspViolations).toEqual([]);
});

test('the API wants a session or a token, and a viewer may only read', async ({ request }) => {
  expect((await request.get(`${BASE}/api/onboardings`)).status()).toBe(401);
  expect((await request.get(`${BASE}/api/sandbox/state`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })).status()).toBe(200);
  const viewerChange = await request.post(`${BASE}/api/sandbox/reset`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
  expect(viewerChange.status()).toBe(403);
  expect(await viewerChange.json()).toMatchObject({ error: { code: 'forbidden' } });
  expect((await request.post(`${BASE}/api/sandbox/reset`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status()).toBe(200);
  const crossSite = await request.post(`${BASE}/api/sandbox/reset`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, origin: 'https://evil.example' },
  });
  expect(crossSite.status()).toBe(403);
  expect([200, 503]).toContain((await request.get(`${BASE}/api/health`)).status());
});

test('repeated wrong passwords are slowed down', async ({ page }) => {
  await page.goto(`${BASE}/login`);
  for (let attempt = 0; attempt < 5; attempt++) {
    await signIn(page, 'guesser-target@example.com', `guess-${attempt}`);
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('That e-mail address and password do not match.');
  }
  await signIn(page, 'guesser-target@example.com', 'guess-final');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText('Too many failed attempts');
});

test('an HR admin adds a person, who sets a password and signs in; deactivated, they are out on their next request', async ({ browser }) => {
  test.setTimeout(120_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(`${BASE}/login`);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(admin.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();

  const person = { email: 'new.viewer@example.com', name: 'Nia Viewer', password: 'nia-chose-this-password' };
  await admin.getByLabel('Email', { exact: true }).fill(person.email);
  await admin.getByLabel('Name', { exact: true }).fill(person.name);
  await admin.getByLabel('Role', { exact: true }).selectOption('viewer');
  await admin.getByRole('button', { name: 'Add person' }).click();
  const linkField = admin.getByLabel('Set-password link');
  await expect(linkField).toHaveValue(new RegExp(`^${BASE}/set-password#`));
  const link = await linkField.inputValue();
  await expect(admin.getByRole('row', { name: new RegExp(person.name) })).toContainText('Invited');

  // The person, in their own browser, chooses a password through the link and signs in.
  const personContext = await browser.newContext();
  const viewer = await personContext.newPage();
  await viewer.goto(link);
  await viewer.getByLabel('New password').fill(person.password);
  await viewer.getByLabel('Repeat the password').fill(person.password);
  await viewer.getByRole('button', { name: 'Set password' }).click();
  await expect(viewer.getByText('Your password is set.')).toBeVisible();
  await viewer.getByRole('link', { name: 'Sign in' }).click();
  await signIn(viewer, person.email, person.password);
  await expect(viewer.getByText(person.email)).toBeVisible();
  expect((await viewer.request.get(`${BASE}/api/sandbox/state`)).status()).toBe(200);
  // A viewer has no People page to go to.
  await expect(viewer.getByRole('link', { name: 'People' })).toHaveCount(0);

  // The link worked once.
  const reuse = await viewer.request.post(`${BASE}/api/set-password`, { data: { token: link.split('#')[1], password: 'another-password-123' } });
  expect(reuse.status()).toBe(404);

  // The admin deactivates them; their very next request is refused, page and API.
  await admin.getByRole('button', { name: `Deactivate ${person.name}` }).click();
  await expect(admin.getByRole('row', { name: new RegExp(person.name) })).toContainText('Deactivated');
  expect((await viewer.request.get(`${BASE}/api/sandbox/state`)).status()).toBe(401);
  await viewer.goto(`${BASE}/`);
  await expect(viewer).toHaveURL(/\/login/);
  // And they cannot sign in again.
  await signIn(viewer, person.email, person.password);
  await expect(viewer.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('That e-mail address and password do not match.');

  await personContext.close();
  await adminContext.close();
});

test('a request addressed to a foreign host name is refused, pages included', async ({ request }) => {
  for (const pathname of ['/', '/login', '/api/health']) {
    const response = await request.get(`${BASE}${pathname}`, { headers: { host: `rebind.evil.example:${PORT}` } });
    expect(response.status(), pathname).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'host_not_allowed' } });
  }
  expect((await request.get(`http://127.0.0.1:${PORT}/api/health`)).status()).not.toBe(403);
});

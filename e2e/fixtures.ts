/**
 * Helpers shared by the UI specs: unique hires, the sandbox's faults, and locators by accessible name.
 * Everything goes through the public HTTP API or the page's roles and labels, never CSS classes.
 */
import path from 'node:path';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

type Service = 'email' | 'llm' | 'crm' | 'slack';

interface Hire {
  employeeId: string;
  fullName: string;
  email: string;
  role: string;
  startDate: string;
  department?: string;
  managerEmail?: string;
  slackChannel?: string;
}

export function uniqueEmployeeId(prefix = 'e2e'): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function newHire(overrides: Partial<Hire> = {}): Hire {
  const employeeId = overrides.employeeId ?? uniqueEmployeeId();
  return {
    employeeId,
    fullName: 'Ada Lovelace',
    email: `${employeeId}@example.com`,
    role: 'Software Engineer',
    startDate: today(),
    ...overrides,
  };
}

/** Starts an onboarding through the API (faster than the form when the form is not what is tested). */
export async function startOnboarding(request: APIRequestContext, hire: Hire): Promise<string> {
  const response = await request.post('/api/onboardings', { data: hire });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string };
  return body.id;
}

export async function resetSandbox(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/sandbox/reset');
  expect(response.ok(), await response.text()).toBe(true);
}

export async function setFault(
  request: APIRequestContext,
  fault: { service: Service; failNext?: number; failRate?: number; latencyMs?: number; permanent?: boolean; after?: boolean },
): Promise<void> {
  const response = await request.put('/api/sandbox/faults', { data: fault });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Switches every fault off without deleting deliveries. */
export async function clearFaults(request: APIRequestContext): Promise<void> {
  for (const service of ['email', 'llm', 'crm', 'slack'] as const) {
    await setFault(request, { service, failNext: 0, failRate: 0, latencyMs: 0, permanent: false, after: false });
  }
}

export async function deliveriesMentioning(request: APIRequestContext, service: Service, needle: string): Promise<unknown[]> {
  const response = await request.get('/api/sandbox/state');
  expect(response.ok()).toBe(true);
  const state = (await response.json()) as { deliveries: Record<Service, unknown[]> };
  // Matched on the whole record so the check does not depend on where a service keeps the field.
  return state.deliveries[service].filter((delivery) => JSON.stringify(delivery).includes(needle));
}

/** Per service: requests the sandbox received, and those answered from an idempotency record. */
export async function sandboxCounters(request: APIRequestContext): Promise<{ calls: Record<Service, number>; replays: Record<Service, number> }> {
  const response = await request.get('/api/sandbox/state');
  expect(response.ok()).toBe(true);
  return (await response.json()) as { calls: Record<Service, number>; replays: Record<Service, number> };
}

/** Exactly one delivery of each step for this employee (the LLM's is found by the hire's role, which it keeps). */
export async function expectOneDeliveryPerStep(request: APIRequestContext, hire: Hire, id: string): Promise<void> {
  const response = await request.get('/api/sandbox/state');
  const state = (await response.json()) as { deliveries: Record<Service, { idempotencyKey: string | null }[]> };
  for (const service of ['email', 'llm', 'crm', 'slack'] as const) {
    // Every delivery of this onboarding carries its workflow ID in the key: compensations aside, one per step.
    const ofThisOnboarding = state.deliveries[service].filter(
      (delivery) => delivery.idempotencyKey?.startsWith(`${id}:`) && !delivery.idempotencyKey.includes(':compensation'),
    );
    expect(ofThisOnboarding, `${service} deliveries of ${hire.employeeId}`).toHaveLength(1);
  }
}

export function stepList(page: Page): Locator {
  return page.getByRole('list', { name: 'Onboarding steps' });
}

/** The <li> of one step, found by its label. */
export function stepItem(page: Page, label: string): Locator {
  return stepList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: label, exact: true }) });
}

/** The onboarding's status next to its heading: a polite live region named "Overall status". */
export function overallStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Overall status' });
}

/** Fills the form; `plan` picks a plan instead of the one the form suggests from department and role. */
export async function fillNewHireForm(page: Page, hire: Hire, { plan }: { plan?: string } = {}): Promise<void> {
  await page.getByLabel('Employee ID', { exact: true }).fill(hire.employeeId);
  await page.getByLabel('Full name', { exact: true }).fill(hire.fullName);
  await page.getByLabel('Work email', { exact: true }).fill(hire.email);
  await page.getByLabel('Role', { exact: true }).fill(hire.role);
  if (hire.department) await page.getByLabel('Department', { exact: true }).fill(hire.department);
  await page.getByLabel('Start date', { exact: true }).fill(hire.startDate);
  if (hire.managerEmail) await page.getByLabel('Manager email', { exact: true }).fill(hire.managerEmail);
  if (hire.slackChannel) await page.getByLabel('Slack channel', { exact: true }).fill(hire.slackChannel);
  if (plan) await page.getByLabel('Plan', { exact: true }).selectOption(plan);
}

/** The day after today, as a start date (YYYY-MM-DD). */
export function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The path (`/act/<token>`) of the newest link the sandbox mailed to this address: an approval link
 * (`kind: 'approval'`, once there are `count` of them) or a task link (approval mails aside).
 */
export async function linkMailedTo(
  request: APIRequestContext,
  to: string,
  { kind = 'task', count = 1 }: { kind?: 'task' | 'approval'; count?: number } = {},
): Promise<string> {
  let found = '';
  await expect
    .poll(
      async () => {
        const state = (await (await request.get('/api/sandbox/state')).json()) as {
          deliveries: { email: { to?: string; subject?: string; text?: string }[] };
        };
        const mails = state.deliveries.email.filter(
          (mail) => mail.to === to && (mail.subject?.startsWith('Approve') ?? false) === (kind === 'approval'),
        );
        found = mails.length >= count ? (/\/act\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(mails.at(-1)?.text ?? '')?.[0] ?? '') : '';
        return found;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');
  return found;
}

/** With SCREENSHOTS=1: the page in light and dark mode, as docs/screenshots/<name>-<scheme>.png. */
export async function shootForDocs(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(__dirname, '..', 'docs', 'screenshots', `${name}-${colorScheme}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

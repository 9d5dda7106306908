/**
 * Starting an onboarding with a plan, up to the point where Temporal would be called: an unknown plan and
 * a missing owner address are 400s with the field named, and the plan's times become instants in the
 * company's time zone (a time already past stays past: the workflow runs that step at once).
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'plan-start-test-'));

import { findPlan } from '@/server/plans';
import { missingOwnerAddresses, planForInput, rescheduledTimes } from '@/server/plans/resolve';

vi.mock('server-only', () => ({}));

const hire = {
  employeeId: 'E-42',
  fullName: 'Zoë O’Brien',
  email: 'zoe@example.com',
  role: 'Software Engineer',
  department: 'Engineering',
  startDate: '2026-12-07',
  slackChannel: '#onboarding-team',
};

async function start(body: Record<string, unknown>): Promise<{ status: number; json: { error?: { code: string; fields?: Record<string, string[]> } } }> {
  const route = await import('@/app/api/onboardings/route');
  const response = await route.POST(
    new Request('http://localhost:3000/api/onboardings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, json: (await response.json()) as never };
}

describe('POST /api/onboardings with a plan', () => {
  it('answers 400 invalid_input on plan for a plan that does not exist', async () => {
    const answer = await start({ ...hire, startDate: new Date().toISOString().slice(0, 10), plan: 'marketing' });
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe('invalid_input');
    expect(answer.json.error?.fields).toEqual({ plan: ['No plan marketing; pick one of standard, engineering, sales'] });
  });

  it('requires the addresses of the people the plan gives work to', async () => {
    const answer = await start({ ...hire, startDate: new Date().toISOString().slice(0, 10), plan: 'engineering' });
    expect(answer.status).toBe(400);
    expect(answer.json.error?.fields).toEqual({
      managerEmail: ['The Engineering plan has work for the manager: enter their email'],
      buddyEmail: ['The Engineering plan has work for the buddy: enter their email'],
    });
  });
});

describe('the plan copied into the input', () => {
  const engineering = findPlan('engineering');
  if (!engineering) throw new Error('the engineering plan ships with the repo');

  it('resolves every time in the company time zone and names each owner’s address', () => {
    const full = { ...hire, managerEmail: 'lead@example.com', buddyEmail: 'pal@example.com' };
    expect(missingOwnerAddresses(engineering, full)).toEqual({});
    const plan = planForInput(engineering, full, { now: new Date('2026-11-20T10:00:00Z'), timeZone: 'Europe/Berlin' }, {
      HR_EMAIL: 'hr@example.com',
      IT_EMAIL: 'it@example.com',
    });
    const step = (key: string) => plan.steps.find((s) => s.key === key);
    // 00:00 in Berlin on 7 December is 23:00 UTC the day before.
    expect(step('crm-update')).toMatchObject({ at: '2026-12-06T23:00:00.000Z', atExpression: 'start' });
    expect(step('slack-notification')?.at).toBe('2026-12-07T08:00:00.000Z');
    expect(step('welcome-email')?.at).toBe('2026-11-29T23:00:00.000Z');
    expect(step('laptop-and-accounts')).toMatchObject({ kind: 'task', owner: 'it', ownerAddress: 'it@example.com', blocking: false });
    expect(step('manager-1on1')?.ownerAddress).toBe('lead@example.com');
    expect(step('buddy-intro')?.ownerAddress).toBe('pal@example.com');
    expect(step('dev-environment')?.ownerAddress).toBe('zoe@example.com');
  });

  it('keeps a time already past as it is (the workflow runs that step at once), and moves all of them on reschedule', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const plan = planForInput(engineering, { ...hire, managerEmail: 'l@example.com', buddyEmail: 'b@example.com' }, { now, timeZone: 'UTC' }, {
      HR_EMAIL: 'hr@example.com',
      IT_EMAIL: 'it@example.com',
    });
    const welcome = plan.steps.find((s) => s.key === 'welcome-email');
    expect(Date.parse(welcome?.at ?? '')).toBeLessThan(now.getTime());
    const times = rescheduledTimes(plan.steps, '2026-12-14', { now, timeZone: 'UTC' });
    expect(times['welcome-email']).toEqual({ at: '2026-12-07T00:00:00.000Z' });
    expect(times['laptop-and-accounts']).toEqual({ at: '2026-12-04T00:00:00.000Z', due: '2026-12-12T00:00:00.000Z' });
  });
});

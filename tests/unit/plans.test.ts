import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlans, PlanError } from '@/server/plans';
import { describeTime, parseTimeExpression, resolveTime } from '@/temporal/shared/plan-time';
import { requiredOwnerAddresses, suggestPlan } from '@/temporal/shared/plans';

const at = (text: string) => {
  const parsed = parseTimeExpression(text);
  if (!parsed) throw new Error(`not an expression: ${text}`);
  return parsed;
};

describe('plan times', () => {
  it.each([
    ['now', 'as soon as the onboarding starts'],
    ['now+PT30S', '30 seconds after the onboarding starts'],
    ['start', 'on the start date'],
    ['start-P7D', '7 days before the start date'],
    ['start+PT9H', 'on the start date at 09:00'],
    ['start+P2DT9H30M', '2 days after the start date, at 09:30'],
    ['start+P1W', '1 week after the start date'],
    ['start-PT2H', '2 hours before the start date begins'],
  ])('%s reads "%s"', (expression, words) => {
    expect(describeTime(at(expression))).toBe(words);
  });

  it.each(['', 'soon', 'start+7D', 'start+P', 'start+PT', 'start+P1.5D', 'now-', 'START-P1D', 'start+P1DT'])(
    'refuses %j',
    (expression) => {
      expect(parseTimeExpression(expression)).toBeUndefined();
    },
  );

  const base = { now: new Date('2026-03-20T10:15:00Z'), startDate: '2026-03-30' };

  it('puts "start" at midnight of the start date in the company time zone', () => {
    expect(resolveTime(at('start'), { ...base, timeZone: 'UTC' }).toISOString()).toBe('2026-03-30T00:00:00.000Z');
    // Berlin is UTC+2 from 29 March 2026 (summer time).
    expect(resolveTime(at('start'), { ...base, timeZone: 'Europe/Berlin' }).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(resolveTime(at('start'), { ...base, timeZone: 'America/New_York' }).toISOString()).toBe('2026-03-30T04:00:00.000Z');
  });

  it('moves calendar days in local time across a daylight-saving change', () => {
    // A week before 30 March is 23 March, still winter time in Berlin (UTC+1).
    expect(resolveTime(at('start-P7D'), { ...base, timeZone: 'Europe/Berlin' }).toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(resolveTime(at('start+PT9H'), { ...base, timeZone: 'Europe/Berlin' }).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(resolveTime(at('start-P1M'), { ...base, timeZone: 'UTC' }).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('counts "now" from the moment the onboarding starts', () => {
    expect(resolveTime(at('now'), { ...base, timeZone: 'Asia/Tokyo' }).toISOString()).toBe('2026-03-20T10:15:00.000Z');
    expect(resolveTime(at('now+PT30S'), { ...base, timeZone: 'UTC' }).toISOString()).toBe('2026-03-20T10:15:30.000Z');
    expect(resolveTime(at('now+P1D'), { ...base, timeZone: 'UTC' }).toISOString()).toBe('2026-03-21T10:15:00.000Z');
  });
});

function plansFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plans-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const standard = {
  id: 'standard',
  name: 'Standard',
  steps: [
    { key: 'welcome-email', kind: 'service', service: 'welcome-email' },
    { key: 'slack-notification', kind: 'service', service: 'slack-notification' },
  ],
};

function loadError(files: Record<string, unknown>): string[] {
  try {
    loadPlans(plansFolder(files));
  } catch (error) {
    if (error instanceof PlanError) return error.problems;
    throw error;
  }
  throw new Error('expected the plans to be refused');
}

describe('plan files', () => {
  it('loads the plans shipped in plans/, the standard one first', () => {
    const plans = loadPlans(path.resolve('plans'));
    expect(plans.map((plan) => plan.id)).toEqual(['standard', 'engineering', 'sales']);
    expect(plans[0]?.steps.map((step) => step.key)).toEqual(['welcome-email', 'learning-path', 'crm-update', 'slack-notification']);
    expect(plans[0]?.steps.every((step) => step.kind === 'service' && step.at === undefined)).toBe(true);
  });

  it('names the file and the path of each problem', () => {
    const problems = loadError({
      'standard.json': standard,
      'engineering.json': {
        id: 'engineering',
        name: 'Engineering',
        steps: [
          { key: 'welcome-email', kind: 'service', service: 'welcome-email', at: 'start-7 days' },
          { key: 'laptop', kind: 'task', at: 'start-P10D' },
        ],
      },
    });
    expect(problems).toEqual([
      expect.stringMatching(/engineering\.json: steps\.0\.at: Use now, start/),
      expect.stringMatching(/engineering\.json: steps\.1\.owner: A task needs an owner/),
    ]);
  });

  it.each([
    ['not JSON', { 'standard.json': standard, 'broken.json': '{ "id": ' }, /broken\.json: not valid JSON/],
    ['an id that is not the file name', { 'standard.json': standard, 'sales.json': { ...standard, id: 'sales-team' } }, /sales\.json: id: the plan's id \(sales-team\)/],
    ['no standard plan', { 'sales.json': { ...standard, id: 'sales' } }, /no standard\.json/],
    ['a key used twice', { 'standard.json': { ...standard, steps: [standard.steps[0], { key: 'welcome-email', kind: 'task', owner: 'hr' }] } }, /steps\.1\.key: The key welcome-email is used twice/],
    ['an approval on another step', { 'standard.json': { ...standard, steps: [{ ...standard.steps[0], approval: 'manager' }] } }, /steps\.0\.approval: Only the learning-path step/],
    ['an unknown field', { 'standard.json': { ...standard, colour: 'blue' } }, /standard\.json: \(plan\): Unrecognized key/],
  ])('refuses %s', (_label, files, message) => {
    expect(loadError(files)).toContainEqual(expect.stringMatching(message));
  });

  it('says so when the folder is missing', () => {
    expect(() => loadPlans(path.join(os.tmpdir(), 'no-such-plans-folder'))).toThrow(/cannot read the plans folder \(ENOENT\); set PLANS_DIR/);
  });
});

describe('choosing a plan', () => {
  const plans = loadPlans(path.resolve('plans'));

  it('suggests the plan whose match names the department, then the role, else the standard one', () => {
    expect(suggestPlan(plans, { department: 'engineering', role: 'Account Executive' })?.id).toBe('engineering');
    expect(suggestPlan(plans, { department: 'Legal', role: 'account executive' })?.id).toBe('sales');
    expect(suggestPlan(plans, { department: 'Legal', role: 'Counsel' })?.id).toBe('standard');
  });

  it('asks for the addresses of the people who own tasks or approvals', () => {
    expect(requiredOwnerAddresses(plans.find((plan) => plan.id === 'engineering')!)).toEqual(['managerEmail', 'buddyEmail']);
    expect(requiredOwnerAddresses(plans.find((plan) => plan.id === 'standard')!)).toEqual([]);
  });
});

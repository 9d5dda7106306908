import 'server-only';
/**
 * A plan made concrete for one hire, on the web side: every time expression resolved to an instant in
 * COMPANY_TIME_ZONE (the workflow keeps instants, never time-zone rules) and every owner to an address.
 * The result goes into the workflow input, so the run follows this copy whatever happens to the file.
 */
import type { AppConfig } from '@/common/config';
import { STEP_LABELS } from '@/temporal/shared/constants';
import {
  parseTimeExpression,
  planStepLabel,
  requiredOwnerAddresses,
  resolveTime,
  startOfDayIn,
  type Plan,
  type PlanOwner,
} from '@/temporal/shared/plans';
import type { EscalationSettings, NewHire, OnboardingInput, PlannedStep } from '@/temporal/shared/schemas';

/** Field problems of a start request against its plan (an owner without an address), keyed like the form's fields. */
export function missingOwnerAddresses(plan: Plan, hire: Pick<NewHire, 'managerEmail' | 'buddyEmail'>): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const field of requiredOwnerAddresses(plan)) {
    if (!hire[field]) {
      const who = field === 'managerEmail' ? 'manager' : 'buddy';
      fields[field] = [`The ${plan.name} plan has work for the ${who}: enter their email`];
    }
  }
  return fields;
}

export function ownerAddress(owner: PlanOwner, hire: NewHire, config: Pick<AppConfig, 'HR_EMAIL' | 'IT_EMAIL'>): string | undefined {
  switch (owner) {
    case 'manager':
      return hire.managerEmail;
    case 'buddy':
      return hire.buddyEmail;
    case 'hire':
      return hire.email;
    case 'hr':
      return config.HR_EMAIL;
    case 'it':
      return config.IT_EMAIL;
  }
}

export interface TimeContext {
  /** When the onboarding starts (the base of `now` expressions). */
  now: Date;
  timeZone: string;
}

/** The instant an expression names for this start date, as an ISO string; undefined for no expression. */
export function resolveExpression(expression: string | undefined, startDate: string, time: TimeContext): string | undefined {
  if (expression === undefined) return undefined;
  const parsed = parseTimeExpression(expression);
  // The plan was checked at start; an unparsable time here is a bug, not a user's mistake.
  if (!parsed) throw new Error(`unparsable plan time ${expression}`);
  return resolveTime(parsed, { now: time.now, startDate, timeZone: time.timeZone }).toISOString();
}

export function planForInput(plan: Plan, hire: NewHire, time: TimeContext, config: Pick<AppConfig, 'HR_EMAIL' | 'IT_EMAIL'>): NonNullable<OnboardingInput['plan']> {
  const steps = plan.steps.map((step): PlannedStep => {
    const planned: PlannedStep = {
      key: step.key,
      kind: step.kind,
      label: planStepLabel(step, STEP_LABELS),
    };
    if (step.service) planned.service = step.service;
    const at = resolveExpression(step.at, hire.startDate, time);
    if (at) {
      planned.at = at;
      planned.atExpression = step.at;
    }
    const due = resolveExpression(step.due, hire.startDate, time);
    if (due) {
      planned.due = due;
      planned.dueExpression = step.due;
    }
    if (step.owner) {
      planned.owner = step.owner;
      const address = ownerAddress(step.owner, hire, config);
      if (address) planned.ownerAddress = address;
    }
    if (step.approval) {
      planned.approval = step.approval;
      // The approver's links go here (a service step has no owner of its own).
      const address = ownerAddress(step.approval, hire, config);
      if (address && !planned.ownerAddress) planned.ownerAddress = address;
    }
    if (step.blocking !== undefined) planned.blocking = step.blocking;
    if (step.description) planned.description = step.description;
    return planned;
  });
  return { id: plan.id, name: plan.name, steps };
}

/** The new instants of every step for a new start date (`now` expressions keep the onboarding's own start). */
export function rescheduledTimes(
  steps: Pick<PlannedStep, 'key' | 'atExpression' | 'dueExpression'>[],
  startDate: string,
  time: TimeContext,
): Record<string, { at?: string; due?: string }> {
  const times: Record<string, { at?: string; due?: string }> = {};
  for (const step of steps) {
    const at = resolveExpression(step.atExpression, startDate, time);
    const due = resolveExpression(step.dueExpression, startDate, time);
    if (at || due) times[step.key] = { ...(at ? { at } : {}), ...(due ? { due } : {}) };
  }
  return times;
}

/** 00:00 of the start date in the company's time zone. */
export function startInstant(startDate: string, timeZone: string): Date {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  return startOfDayIn(timeZone, new Date(Date.UTC(y, m - 1, d)));
}

export function escalationSettings(config: AppConfig, workflowId: string): EscalationSettings {
  return {
    escalateAfterMs: config.ESCALATE_AFTER,
    remindEveryMs: config.REMIND_EVERY,
    maxReminders: 3,
    hrEmail: config.HR_EMAIL,
    hrSlackChannel: config.HR_SLACK_CHANNEL,
    dashboardUrl: `${config.appUrl}/onboardings/${encodeURIComponent(workflowId)}`,
    linkTtlMs: config.LINK_TTL,
  };
}

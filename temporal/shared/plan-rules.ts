/**
 * The plain values and rules of plans, without zod (pages import these; see temporal/shared/constants.ts
 * for why zod stays out of pages). The schema of a plan file is in ./plans.ts.
 */
import type { Plan } from './plans';

export const PLAN_OWNERS = ['manager', 'hr', 'it', 'buddy', 'hire'] as const;
export type PlanOwner = (typeof PLAN_OWNERS)[number];

export const PLAN_OWNER_LABELS: Record<PlanOwner, string> = {
  manager: 'Manager',
  hr: 'HR',
  it: 'IT',
  buddy: 'Buddy',
  hire: 'New hire',
};

/** The plan used when a start request names none: the four service steps at once, as before plans. */
export const DEFAULT_PLAN_ID = 'standard';

/** The owners whose address a start request must carry for this plan (tasks and approvals they own). */
export function requiredOwnerAddresses(plan: Plan): ('managerEmail' | 'buddyEmail')[] {
  const owners = new Set<string>();
  for (const step of plan.steps) {
    if (step.owner) owners.add(step.owner);
    if (step.approval) owners.add(step.approval);
  }
  const fields: ('managerEmail' | 'buddyEmail')[] = [];
  if (owners.has('manager')) fields.push('managerEmail');
  if (owners.has('buddy')) fields.push('buddyEmail');
  return fields;
}

/** The plan a new hire gets unless HR picks another: the first whose match names their department or role. */
export function suggestPlan<P extends Pick<Plan, 'id' | 'match'>>(
  plans: readonly P[],
  hire: { department?: string | undefined; role?: string | undefined },
): P | undefined {
  const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
  return (
    plans.find((plan) => plan.match?.departments?.some((department) => same(hire.department, department))) ??
    plans.find((plan) => plan.match?.roles?.some((role) => same(hire.role, role))) ??
    plans.find((plan) => plan.id === DEFAULT_PLAN_ID)
  );
}

/** What a step is called on screen: its own label, else the service's label, else its key in words. */
export function planStepLabel(step: Pick<Plan['steps'][number], 'key' | 'label' | 'service'>, serviceLabels: Record<string, string>): string {
  if (step.label) return step.label;
  if (step.service) return serviceLabels[step.service] ?? step.service;
  const words = step.key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

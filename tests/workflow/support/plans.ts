/**
 * A test plan as the web app copies it into an onboarding's input: its steps resolved for the hire, with
 * times counted from now in UTC and HR's and IT's test addresses.
 */
import type { Plan } from '../../../temporal/shared/plans';
import type { NewHire } from '../../../temporal/shared/contract';
import { planForInput } from '../../../server/plans/resolve';
import { hireFor } from './harness';

export function plannedPlan(
  employeeId: string,
  steps: Plan['steps'],
  { hire = {}, id = 'test', name = 'Test plan' }: { hire?: Partial<NewHire>; id?: string; name?: string } = {},
) {
  return planForInput({ id, name, steps }, hireFor(employeeId, hire), { now: new Date(), timeZone: 'UTC' }, { HR_EMAIL: 'hr@example.com', IT_EMAIL: 'it@example.com' });
}

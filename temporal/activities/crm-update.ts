import type { CrmUpdateResult } from '../shared/contract';
import type { CallContext, CrmService } from '../integrations';

export async function setCrmStatus(
  crm: CrmService,
  args: { employeeId: string; status: 'onboarded' | 'cancelled' },
  call: CallContext,
): Promise<CrmUpdateResult> {
  return crm.setStatus({ employeeId: args.employeeId, status: args.status }, call);
}

import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { updateCrmContact } from '@/server/sandbox/services';
import { crmRequestSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = withApi<{ employeeId: string }>((request, { params: { employeeId } }) =>
  handleServiceCall(request, 'crm', crmRequestSchema, (update) => updateCrmContact(employeeId, update)),
);

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/crm/contacts/{employeeId}');
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

import { methodNotAllowed } from '@/server/api/errors';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { crmRequestSchema, updateCrmContact } from '@/server/sandbox/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = withApi<{ employeeId: string }>((request, { params: { employeeId } }) =>
  handleServiceCall(request, 'crm', crmRequestSchema, (update) => updateCrmContact(employeeId, update)),
);

const notAllowed = methodNotAllowed(['PUT']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE };

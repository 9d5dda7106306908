import { methodNotAllowed } from '@/lib/api/errors';
import { withApi } from '@/lib/api/handler';
import { handleServiceCall } from '@/lib/sandbox';
import { crmRequestSchema, updateCrmContact } from '@/lib/sandbox/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const PUT = withApi<{ employeeId: string }>((request, { employeeId }) =>
  handleServiceCall(request, 'crm', crmRequestSchema, (update) => updateCrmContact(employeeId, update)),
);

const notAllowed = methodNotAllowed(['PUT']);
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE };

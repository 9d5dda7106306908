import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { parseServiceName, resumeService } from '@/server/temporal/services';
import { serviceViewSchema } from '@/contract/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ service: string }>(async (_request, { params: { service }, actor }) =>
  jsonResponse(serviceViewSchema, await resumeService(parseServiceName(service), actor)),
);

const { notAllowed, OPTIONS } = unservedMethods('/api/services/{service}/resume');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

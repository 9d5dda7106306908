import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { parseServiceName, pauseService } from '@/server/temporal/services';
import { pauseRequestSchema, serviceViewSchema } from '@/contract/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ service: string }>(async (request, { params: { service }, actor }) => {
  const name = parseServiceName(service);
  const { reason } = await readJsonBody(request, pauseRequestSchema);
  return jsonResponse(serviceViewSchema, await pauseService(name, reason, actor));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/services/{service}/pause');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

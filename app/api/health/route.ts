import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { checkTemporal } from '@/server/temporal/client';
import { healthResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(async () => {
  const temporal = await checkTemporal();
  return jsonResponse(
    healthResponseSchema,
    { status: temporal === 'ok' ? 'ok' : 'degraded', temporal },
    { status: temporal === 'ok' ? 200 : 503 },
  );
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/health');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

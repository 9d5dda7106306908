import { methodNotAllowed } from '@/server/api/errors';
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

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

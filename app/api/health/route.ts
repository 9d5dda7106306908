import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, withApi } from '@/lib/api/handler';
import { checkTemporal } from '@/lib/temporal/client';
import { healthResponseSchema } from '@/lib/views';

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

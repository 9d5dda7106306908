import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, withApi } from '@/server/api/handler';
import { liveResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Deliberately no Temporal call, so an outage there does not get us restarted. */
export const GET = withApi(() => jsonResponse(liveResponseSchema, { status: 'ok' }));

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

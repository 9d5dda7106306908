import { planListResponseSchema } from '@/contract/http';
import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getPlans } from '@/server/plans';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(() => jsonResponse(planListResponseSchema, { items: getPlans() }));

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

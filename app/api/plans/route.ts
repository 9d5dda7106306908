import { planListResponseSchema } from '@/contract/http';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getPlans } from '@/server/plans';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(() => jsonResponse(planListResponseSchema, { items: getPlans() }));

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/plans');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { countOnboardings } from '@/server/temporal/counts';
import { countsResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(async () => jsonResponse(countsResponseSchema, await countOnboardings()));

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/counts');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { listServices } from '@/server/temporal/services';
import { serviceListSchema } from '@/contract/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(async () => jsonResponse(serviceListSchema, await listServices()));

const { notAllowed, OPTIONS } = unservedMethods('/api/services');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

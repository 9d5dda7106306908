import { batchViewSchema } from '@/contract/batches';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getBatch, parseBatchId } from '@/server/temporal/batches';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi<{ id: string }>(async (_request, { params: { id } }) =>
  jsonResponse(batchViewSchema, await getBatch(parseBatchId(id))),
);

const { notAllowed, OPTIONS } = unservedMethods('/api/batches/{id}');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

import { batchRequestSchema, batchStartedSchema } from '@/contract/batches';
import { MAX_BULK_BODY_BYTES, readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { startBatch } from '@/server/temporal/batches';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi(async (request, { actor }) => {
  const batch = await readJsonBody(request, batchRequestSchema, { maxBytes: MAX_BULK_BODY_BYTES });
  const started = await startBatch(batch, actor, request.headers.get('idempotency-key'));
  return jsonResponse(batchStartedSchema, started, {
    status: 202,
    headers: { Location: `/api/batches/${encodeURIComponent(started.id)}` },
  });
});

const { notAllowed, OPTIONS } = unservedMethods('/api/batches');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

import { importPreviewSchema } from '@/contract/batches';
import { MAX_BULK_BODY_BYTES, readLimitedBytes } from '@/server/api/body';
import { ApiError } from '@/server/api/errors';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { parseImport } from '@/server/csv';
import { existingOnboardingIds } from '@/server/temporal/batches';
import { workflowIdFor } from '@/temporal/shared/workflow-contract';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The preview of a CSV of new hires: each row's problems and duplicates. Nothing is started here. */
export const POST = withApi(async (request) => {
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'text/csv') {
    throw new ApiError('unsupported_media_type', 'Send the file as text/csv.');
  }
  const rows = parseImport(await readLimitedBytes(request, { maxBytes: MAX_BULK_BODY_BYTES }));
  const candidates = rows.flatMap((row) => (row.hire && !row.duplicateOf ? [workflowIdFor(row.hire.employeeId)] : []));
  const existing = await existingOnboardingIds(candidates);
  for (const row of rows) {
    if (!row.hire || row.duplicateOf) continue;
    const id = workflowIdFor(row.hire.employeeId);
    if (existing.has(id)) row.duplicateOf = id;
  }
  return jsonResponse(importPreviewSchema, { rows });
});

const { notAllowed, OPTIONS } = unservedMethods('/api/imports');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

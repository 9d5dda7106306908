import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { buildOpenApiDocument, type OpenApiDocument } from '@/server/api/openapi';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Built once a day: the document states the start date's window as dates. */
let cached: { day: string; document: OpenApiDocument } | undefined;

export const GET = withApi(() => {
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  if (cached?.day !== day) cached = { day, document: buildOpenApiDocument(now) };
  return Response.json(cached.document, { headers: { 'Cache-Control': 'no-store' } });
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/openapi.json');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

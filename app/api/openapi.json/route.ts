import { methodNotAllowed } from '@/lib/api/errors';
import { withApi } from '@/lib/api/handler';
import { buildOpenApiDocument } from '@/lib/api/openapi';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = withApi(() => {
  document ??= buildOpenApiDocument();
  return Response.json(document);
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

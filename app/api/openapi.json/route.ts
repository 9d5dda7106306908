import { methodNotAllowed } from '@/server/api/errors';
import { withApi } from '@/server/api/handler';
import { buildOpenApiDocument } from '@/server/api/openapi';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = withApi(() => {
  document ??= buildOpenApiDocument();
  return Response.json(document);
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, withApi } from '@/lib/api/handler';
import { getSandboxStore } from '@/lib/sandbox';
import { sandboxStateSchema } from '@/lib/views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(() => jsonResponse(sandboxStateSchema, getSandboxStore().state()));

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

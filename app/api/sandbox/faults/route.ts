import { readJsonBody } from '@/lib/api/body';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, withApi } from '@/lib/api/handler';
import { getSandboxStore } from '@/lib/sandbox';
import { faultRequestSchema, sandboxStateSchema } from '@/lib/views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(() => jsonResponse(sandboxStateSchema.shape.faults, getSandboxStore().state().faults));

/** Changes the given fields of one service's faults; answers every service's faults. */
export const PUT = withApi(async (request) => {
  const store = getSandboxStore();
  store.updateFaults(await readJsonBody(request, faultRequestSchema));
  return jsonResponse(sandboxStateSchema.shape.faults, store.state().faults);
});

const notAllowed = methodNotAllowed(['GET', 'PUT']);
export { notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE };

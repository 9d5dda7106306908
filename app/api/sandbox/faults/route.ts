import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { faultRequestSchema, sandboxStateSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(() => jsonResponse(sandboxStateSchema.shape.faults, getSandboxStore().state().faults));

/** Changes the given fields of one service's faults; answers every service's faults. */
export const PUT = withApi(async (request) => {
  const store = getSandboxStore();
  store.updateFaults(await readJsonBody(request, faultRequestSchema));
  return jsonResponse(sandboxStateSchema.shape.faults, store.state().faults);
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/faults');
export { notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

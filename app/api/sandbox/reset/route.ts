import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { sandboxStateSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Clears faults, deliveries and idempotency records; answers the (empty) state. No body needed. */
export const POST = withApi(() => {
  const store = getSandboxStore();
  store.reset();
  return jsonResponse(sandboxStateSchema, store.state());
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/reset');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

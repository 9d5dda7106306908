import { methodNotAllowed } from '@/server/api/errors';
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

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

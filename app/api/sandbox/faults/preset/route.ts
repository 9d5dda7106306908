import { readJsonBody } from '@/server/api/body';
import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { faultPresetRequestSchema } from '@/server/api/schemas';
import { SANDBOX_SERVICES, SEED_FAILURE_RATES, sandboxStateSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** `seed`: the seed's failure rates on every service at once; `none`: every failure rate back to 0. */
export const POST = withApi(async (request) => {
  const store = getSandboxStore();
  const { preset } = await readJsonBody(request, faultPresetRequestSchema);
  for (const service of SANDBOX_SERVICES) {
    store.updateFaults({ service, failRate: preset === 'seed' ? SEED_FAILURE_RATES[service] : 0 });
  }
  return jsonResponse(sandboxStateSchema.shape.faults, store.state().faults);
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

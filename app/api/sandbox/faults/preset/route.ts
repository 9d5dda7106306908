import { readJsonBody } from '@/lib/api/body';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, withApi } from '@/lib/api/handler';
import { getSandboxStore } from '@/lib/sandbox';
import { faultPresetRequestSchema } from '@/lib/api/schemas';
import { SANDBOX_SERVICES, SEED_FAILURE_RATES, sandboxStateSchema } from '@/lib/views';

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

import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { faultPresetRequestSchema, SANDBOX_SERVICES, SEED_FAULTS, sandboxStateSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * `seed`: the seed's failures on every service at once (rates and kinds: contract/sandbox-services.ts);
 * `none`: every failure rate back to 0, and kinds back to transient outages. failNext and latency are kept.
 */
export const POST = withApi(async (request) => {
  const store = getSandboxStore();
  const { preset } = await readJsonBody(request, faultPresetRequestSchema);
  for (const service of SANDBOX_SERVICES) {
    store.updateFaults(preset === 'seed' ? { service, ...SEED_FAULTS[service] } : { service, failRate: 0, kind: 'unavailable', permanent: false });
  }
  return jsonResponse(sandboxStateSchema.shape.faults, store.state().faults);
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/faults/preset');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

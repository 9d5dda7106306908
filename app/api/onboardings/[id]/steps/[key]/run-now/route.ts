import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, parseStepKey, withApi } from '@/server/api/handler';
import { runStepNow } from '@/server/temporal/client';
import { acceptedResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Runs a scheduled step at once instead of at its time (409 not_scheduled otherwise). */
export const POST = withApi<{ id: string; key: string }>(async (_request, { params: { id, key }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  return jsonResponse(acceptedResponseSchema, await runStepNow(onboardingId, parseStepKey(key), actor));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/steps/{key}/run-now');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

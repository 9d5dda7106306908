import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { skipStep } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { acceptedResponseSchema, skipRequestSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const skip = await readJsonBody(request, skipRequestSchema);
  const accepted = await skipStep(onboardingId, skip, actor);
  webMetrics().decisions.inc({ action: 'skip' });
  return jsonResponse(acceptedResponseSchema, accepted);
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/skip');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

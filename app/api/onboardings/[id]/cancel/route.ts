import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { cancelOnboarding } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { cancelResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Cancel takes no body, so any Content-Type (or none) is accepted.
export const POST = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const cancelling = await cancelOnboarding(onboardingId, actor);
  webMetrics().decisions.inc({ action: 'cancel' });
  return jsonResponse(cancelResponseSchema, cancelling, { status: 202 });
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/cancel');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

import { acceptedResponseSchema } from '@/contract/http';
import { ApiError } from '@/server/api/errors';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { retryStepNow } from '@/server/temporal/retry-now';
import { webMetrics } from '@/server/observability/metrics';
import { stepKeySchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ id: string; key: string }>(async (_request, { params: { id, key }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const step = stepKeySchema.safeParse(key);
  if (!step.success) throw new ApiError('not_found', 'This onboarding has no such step.');
  const accepted = await retryStepNow(onboardingId, step.data, actor);
  webMetrics().decisions.inc({ action: 'retry-now' });
  return jsonResponse(acceptedResponseSchema, accepted);
});

const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/steps/{key}/retry-now');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

import { readJsonBody } from '@/server/api/body';
import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { retryStep } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { acceptedResponseSchema } from '@/contract/http';
import { retryRequestSchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const retry = await readJsonBody(request, retryRequestSchema);
  const accepted = await retryStep(onboardingId, retry, actor);
  webMetrics().decisions.inc({ action: 'retry' });
  return jsonResponse(acceptedResponseSchema, accepted);
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

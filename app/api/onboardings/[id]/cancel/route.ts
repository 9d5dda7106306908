import { getActor } from '@/lib/api/actor';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/lib/api/handler';
import { cancelOnboarding } from '@/lib/temporal/client';
import { cancelResponseSchema } from '@/lib/views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Cancel takes no body, so any Content-Type (or none) is accepted.
export const POST = withApi<{ id: string }>(async (request, { id }) => {
  const onboardingId = parseOnboardingId(id);
  return jsonResponse(cancelResponseSchema, await cancelOnboarding(onboardingId, getActor(request)), { status: 202 });
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

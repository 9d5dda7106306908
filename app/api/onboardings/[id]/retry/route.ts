import { getActor } from '@/lib/api/actor';
import { readJsonBody } from '@/lib/api/body';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/lib/api/handler';
import { retryStep } from '@/lib/temporal/client';
import { acceptedResponseSchema } from '@/lib/views';
import { retryRequestSchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ id: string }>(async (request, { id }) => {
  const onboardingId = parseOnboardingId(id);
  const retry = await readJsonBody(request, retryRequestSchema);
  return jsonResponse(acceptedResponseSchema, await retryStep(onboardingId, retry, getActor(request)));
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

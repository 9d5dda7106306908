import { getActor } from '@/lib/api/actor';
import { readJsonBody } from '@/lib/api/body';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/lib/api/handler';
import { skipStep } from '@/lib/temporal/client';
import { acceptedResponseSchema } from '@/lib/views';
import { skipRequestSchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi<{ id: string }>(async (request, { id }) => {
  const onboardingId = parseOnboardingId(id);
  const skip = await readJsonBody(request, skipRequestSchema);
  return jsonResponse(acceptedResponseSchema, await skipStep(onboardingId, skip, getActor(request)));
});

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

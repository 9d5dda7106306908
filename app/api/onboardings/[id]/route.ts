import { getActor } from '@/lib/api/actor';
import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/lib/api/handler';
import { eraseOnboarding, eraseResponseSchema } from '@/lib/privacy/erase';
import { getOnboarding } from '@/lib/temporal/client';
import { detailSchema } from '@/lib/views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi<{ id: string }>(async (_request, { id }) => {
  return jsonResponse(detailSchema, await getOnboarding(parseOnboardingId(id)));
});

/** Erasure on request (HR admins; finished onboardings only): see docs/security.md. */
export const DELETE = withApi<{ id: string }>(async (request, { id }) => {
  return jsonResponse(eraseResponseSchema, await eraseOnboarding(parseOnboardingId(id), getActor(request)));
});

const notAllowed = methodNotAllowed(['GET', 'DELETE']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };

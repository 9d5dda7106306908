import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { eraseOnboarding, eraseResponseSchema } from '@/server/privacy/erase';
import { getOnboarding } from '@/server/temporal/client';
import { detailSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi<{ id: string }>(async (_request, { params: { id } }) => {
  return jsonResponse(detailSchema, await getOnboarding(parseOnboardingId(id)));
});

/** Erasure on request (HR admins; finished onboardings only): see docs/security.md. */
export const DELETE = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  return jsonResponse(eraseResponseSchema, await eraseOnboarding(parseOnboardingId(id), actor));
});

const notAllowed = methodNotAllowed(['GET', 'DELETE']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };

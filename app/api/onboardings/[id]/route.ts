import { unservedMethods } from '@/server/api/methods';
import { conditionalJsonResponse, jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { eraseOnboarding } from '@/server/privacy/erase';
import { getOnboarding } from '@/server/temporal/client';
import { detailSchema, eraseResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Polled every second by the detail page: answered with an ETag, and 304 when the browser already has it. */
export const GET = withApi<{ id: string }>(async (request, { params: { id } }) => {
  return conditionalJsonResponse(request, detailSchema, await getOnboarding(parseOnboardingId(id)));
});

/** Erasure on request (HR admins; finished onboardings only): see docs/security.md. */
export const DELETE = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  return jsonResponse(eraseResponseSchema, await eraseOnboarding(parseOnboardingId(id), actor));
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, OPTIONS };

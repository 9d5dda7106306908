import { readJsonBody } from '@/server/api/body';
import { ApiError } from '@/server/api/errors';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, withApi } from '@/server/api/handler';
import { rescheduleOnboarding } from '@/server/temporal/client';
import { acceptedResponseSchema } from '@/contract/http';
import { rescheduleRequestSchema, startDateWindowProblem } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A new start date: every step not yet done moves with it (409 already_closed for a finished onboarding). */
export const POST = withApi<{ id: string }>(async (request, { params: { id }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const { startDate } = await readJsonBody(request, rescheduleRequestSchema);
  // The same window as a new hire's start date.
  const problem = startDateWindowProblem(startDate);
  if (problem) throw new ApiError('invalid_input', 'Some fields need attention.', { fields: { startDate: [problem] } });
  return jsonResponse(acceptedResponseSchema, await rescheduleOnboarding(onboardingId, startDate, actor));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/reschedule');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

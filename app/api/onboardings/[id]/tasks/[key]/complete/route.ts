import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, parseStepKey, withApi } from '@/server/api/handler';
import { completeTask } from '@/server/temporal/client';
import { acceptedResponseSchema } from '@/contract/http';
import { completeTaskRequestSchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** An HR admin closes an open task from the dashboard, with an optional note (409 not_open otherwise). */
export const POST = withApi<{ id: string; key: string }>(async (request, { params: { id, key }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const { note } = await readJsonBody(request, completeTaskRequestSchema);
  return jsonResponse(acceptedResponseSchema, await completeTask(onboardingId, parseStepKey(key), { note }, actor));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/tasks/{key}/complete');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

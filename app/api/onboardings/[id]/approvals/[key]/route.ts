import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, parseOnboardingId, parseStepKey, withApi } from '@/server/api/handler';
import { decideApproval } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { acceptedResponseSchema, approvalDecisionSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * An HR admin approves a learning-path draft or requests changes (with feedback) from the dashboard,
 * as the approver does through their link. 409 not_open when no draft waits for a decision.
 */
export const POST = withApi<{ id: string; key: string }>(async (request, { params: { id, key }, actor }) => {
  const onboardingId = parseOnboardingId(id);
  const decision = await readJsonBody(request, approvalDecisionSchema);
  const accepted = await decideApproval(onboardingId, parseStepKey(key), decision, {}, actor);
  webMetrics().decisions.inc({ action: decision.decision });
  return jsonResponse(acceptedResponseSchema, accepted);
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/{id}/approvals/{key}');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

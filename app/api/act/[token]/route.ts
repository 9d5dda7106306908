import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { actOnLink, readLink } from '@/server/links';
import { acceptedResponseSchema, actDecisionSchema, linkViewSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** What a link is for (no account needed: the signed token is the credential). 404 forged, 410 used or expired. */
export const GET = withApi<{ token: string }>(async (_request, { params: { token } }) =>
  jsonResponse(linkViewSchema, await readLink(token)),
);

/** The owner's answer: `done` closes the task, once. */
export const POST = withApi<{ token: string }>(async (request, { params: { token } }) => {
  const decision = await readJsonBody(request, actDecisionSchema);
  return jsonResponse(acceptedResponseSchema, await actOnLink(token, decision));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/act/{token}');
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

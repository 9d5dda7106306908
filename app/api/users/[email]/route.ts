import { readJsonBody } from '@/server/api/body';
import { ApiError } from '@/server/api/errors';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { changePerson } from '@/server/auth/users';
import { asApi, peopleDataDir, setPasswordUrl } from '@/server/people';
import { personChangeSchema, personResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Changes a person's role, deactivates or reactivates them, or issues a new set-password link. Any
 * change ends their sessions: they are checked against the user file on their next request.
 */
export const PATCH = withApi<{ email: string }>(async (request, { params }) => {
  let email: string;
  try {
    email = decodeURIComponent(params.email);
  } catch {
    throw new ApiError('not_found', 'No person with this e-mail address.');
  }
  const change = await readJsonBody(request, personChangeSchema);
  const { person, link } = await asApi(() => changePerson(peopleDataDir(), email, change));
  return jsonResponse(personResponseSchema, {
    user: person,
    ...(link ? { setPasswordUrl: setPasswordUrl(link), linkExpiresAt: link.expiresAt } : {}),
  });
});

const { notAllowed, OPTIONS } = unservedMethods('/api/users/{email}');
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

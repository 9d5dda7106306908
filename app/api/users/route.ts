import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { addPerson, listPeople } from '@/server/auth/users';
import { asApi, peopleDataDir, setPasswordUrl } from '@/server/people';
import { newPersonSchema, peopleResponseSchema, personResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Everyone who may sign in with a password (HR admins only, see server/auth/policy.ts). */
export const GET = withApi(() => jsonResponse(peopleResponseSchema, { users: listPeople(peopleDataDir()) }));

/** Adds a person; the answer carries their one-time set-password link, shown this once. */
export const POST = withApi(async (request) => {
  const input = await readJsonBody(request, newPersonSchema);
  const { person, link } = await asApi(() => addPerson(peopleDataDir(), input));
  return jsonResponse(
    personResponseSchema,
    { user: person, setPasswordUrl: setPasswordUrl(link), linkExpiresAt: link.expiresAt },
    { status: 201, headers: { Location: `/api/users/${encodeURIComponent(person.email)}` } },
  );
});

const { notAllowed, OPTIONS } = unservedMethods('/api/users');
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

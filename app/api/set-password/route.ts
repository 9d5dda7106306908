import { readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { setPasswordWithLink } from '@/server/auth/users';
import { asApi, peopleDataDir } from '@/server/people';
import { setPasswordRequestSchema, setPasswordResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Uses a one-time link from an HR admin: sets the person's password (public: the link is the credential). */
export const POST = withApi(async (request) => {
  const { token, password } = await readJsonBody(request, setPasswordRequestSchema);
  return jsonResponse(setPasswordResponseSchema, await asApi(() => setPasswordWithLink(peopleDataDir(), token, password)));
});

const { notAllowed, OPTIONS } = unservedMethods('/api/set-password');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

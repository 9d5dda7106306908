import { methodNotAllowed } from '@/server/api/errors';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { emailRequestSchema, sendEmail } from '@/server/sandbox/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi((request) => handleServiceCall(request, 'email', emailRequestSchema, sendEmail));

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

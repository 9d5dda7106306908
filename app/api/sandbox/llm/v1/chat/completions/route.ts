import { methodNotAllowed } from '@/server/api/errors';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { chatRequestSchema, completeChat } from '@/server/sandbox/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi((request) => handleServiceCall(request, 'llm', chatRequestSchema, (chat) => completeChat(chat)));

const notAllowed = methodNotAllowed(['POST']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

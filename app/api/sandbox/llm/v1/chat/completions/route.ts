import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { completeChat } from '@/server/sandbox/services';
import { chatRequestSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi((request) => handleServiceCall(request, 'llm', chatRequestSchema, (chat) => completeChat(chat)));

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/llm/v1/chat/completions');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { handleServiceCall } from '@/server/sandbox';
import { postSlackMessage } from '@/server/sandbox/services';
import { slackRequestSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi((request) => handleServiceCall(request, 'slack', slackRequestSchema, (message) => postSlackMessage(message)));

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/slack/chat.postMessage');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as HEAD, OPTIONS };

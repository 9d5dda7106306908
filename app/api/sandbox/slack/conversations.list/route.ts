import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { listSlackChannels } from '@/server/sandbox/services';
import { slackChannelListSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's channels, Slack-shaped; reference data for the assistant's diagnosis (no faults). */
export const GET = withApi(() => {
  getSandboxStore(); // 404 sandbox_disabled when SANDBOX=off
  return jsonResponse(slackChannelListSchema, listSlackChannels());
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/sandbox/slack/conversations.list');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

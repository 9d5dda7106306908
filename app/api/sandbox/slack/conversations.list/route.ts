import { methodNotAllowed } from '@/server/api/errors';
import { withApi } from '@/server/api/handler';
import { getSandboxStore } from '@/server/sandbox';
import { listSlackChannels } from '@/server/sandbox/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's channels, Slack-shaped; reference data for the assistant's diagnosis (no faults). */
export const GET = withApi(() => {
  getSandboxStore(); // 404 sandbox_disabled when SANDBOX=off
  return Response.json(listSlackChannels(), { headers: { 'Cache-Control': 'no-store' } });
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

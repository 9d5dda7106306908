import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { checkReadiness } from '@/server/temporal/client';
import { readyResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MESSAGES = {
  ready: 'Temporal is reachable and a worker polls the task queue.',
  temporal: 'Temporal is unreachable.',
  worker: 'Temporal is reachable, but no worker has polled the task queue in the last 90 seconds.',
};

/** Readiness: onboardings started now would run. 503 while Temporal or every worker is missing. */
export const GET = withApi(async () => {
  const readiness = await checkReadiness();
  const ready = readiness.temporal === 'ok' && readiness.worker === 'polling';
  const message = ready ? MESSAGES.ready : readiness.temporal === 'ok' ? MESSAGES.worker : MESSAGES.temporal;
  return jsonResponse(
    readyResponseSchema,
    { status: ready ? 'ready' : 'not_ready', ...readiness, message },
    { status: ready ? 200 : 503 },
  );
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/health/ready');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

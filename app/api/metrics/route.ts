import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { webMetrics } from '@/server/observability/metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Prometheus text of this web instance; any signed-in role or API token may read it (open while sign-in is off). */
export const GET = withApi(async () => {
  const { registry } = webMetrics();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/metrics');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

import { invalidInput, readJsonBody } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { jsonResponse, withApi } from '@/server/api/handler';
import { listOnboardings, startOnboarding } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { listQueryInput, listQuerySchema, listResponseSchema, newHireSchema, startResponseSchema } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi(async (request, { actor }) => {
  const started = await startOnboarding(await readJsonBody(request, newHireSchema), actor);
  webMetrics().onboardingsStarted.inc();
  return jsonResponse(startResponseSchema, started, {
    status: 201,
    headers: { Location: `/api/onboardings/${encodeURIComponent(started.id)}` },
  });
});

export const GET = withApi(async (request) => {
  const parsed = listQuerySchema.safeParse(listQueryInput(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error.issues, 'Some query parameters are not valid.');
  return jsonResponse(listResponseSchema, await listOnboardings(parsed.data));
});

// Every other method: 405 with Allow (and OPTIONS with the same Allow), from the route table.
const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings');
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };

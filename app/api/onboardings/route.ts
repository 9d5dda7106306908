import { invalidInput, readJsonBody } from '@/server/api/body';
import { methodNotAllowed } from '@/server/api/errors';
import { jsonResponse, withApi } from '@/server/api/handler';
import { listQueryInput, listQuerySchema } from '@/server/api/schemas';
import { listOnboardings, startOnboarding } from '@/server/temporal/client';
import { webMetrics } from '@/server/observability/metrics';
import { listResponseSchema, startResponseSchema } from '@/contract/http';
import { newHireSchema } from '@/temporal/shared/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withApi(async (request, { actor }) => {
  const hire = await readJsonBody(request, newHireSchema);
  const started = await startOnboarding(hire, actor);
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

const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

import { methodNotAllowed } from '@/lib/api/errors';
import { jsonResponse, parseOnboardingId, withApi } from '@/lib/api/handler';
import { getOnboarding } from '@/lib/temporal/client';
import { detailSchema } from '@/lib/views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi<{ id: string }>(async (_request, { id }) => {
  return jsonResponse(detailSchema, await getOnboarding(parseOnboardingId(id)));
});

const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

import { methodNotAllowed } from '@/server/api/methods';
import { codecRequest, preflight } from '@/server/codec/endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return codecRequest(request, 'decode');
}

export function OPTIONS(request: Request): Response {
  return preflight(request);
}

const notAllowed = methodNotAllowed(['POST', 'OPTIONS']);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

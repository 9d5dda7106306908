import { codecRequest, preflight } from '@/server/codec/endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return codecRequest(request, 'decode');
}

export function OPTIONS(request: Request): Response {
  return preflight(request);
}

import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { ApiError, apiErrorResponse } from '@/server/api/errors';
import { getAuthOptions } from '@/server/auth/options';
import { getAuthSettings } from '@/server/auth/settings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

function handle(request: NextRequest, context: RouteContext): Promise<Response> {
  if (!getAuthSettings().enabled) {
    return Promise.resolve(apiErrorResponse(new ApiError('not_found', 'Sign-in is off: set AUTH_SECRET to turn it on.')));
  }
  return (NextAuth(getAuthOptions()) as (request: NextRequest, context: RouteContext) => Promise<Response>)(request, context);
}

export { handle as GET, handle as POST };

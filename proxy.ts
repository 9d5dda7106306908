/**
 * Runs before every page and API route (Next 16's `proxy`, formerly middleware, Node.js runtime):
 * the Host check and security headers on everything, the sign-in gate for pages, and the access policy
 * for the API.
 * API routes check the same policy again inside their handlers (server/api's wrapper), so a route is
 * never protected by this file alone.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { authenticate } from '@/server/auth/principal';
import { decideAccess, hostRefusal, isApiPath, refusalResponse, requiredAccess } from '@/server/auth/policy';
import { API_CONTENT_SECURITY_POLICY, commonSecurityHeaders, newNonce, pageContentSecurityPolicy } from '@/server/auth/security-headers';
import { getAuthSettings } from '@/server/auth/settings';

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest): Promise<Response> {
  const settings = getAuthSettings();
  const https = settings.secureCookies;
  const { pathname, search } = request.nextUrl;

  // Pages too: a DNS-rebinding page must get nothing at all from a name the app does not answer to.
  const wrongHost = hostRefusal(request, settings);
  if (wrongHost) {
    return refusalResponse(wrongHost, { ...commonSecurityHeaders({ https }), 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY });
  }

  if (isApiPath(pathname)) {
    const headers = { ...commonSecurityHeaders({ https }), 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY };
    const decision = await decideAccess(request, settings);
    if (!decision.allowed) return refusalResponse(decision, headers);
    return withHeaders(NextResponse.next(), headers);
  }

  const access = requiredAccess(request.method, pathname);
  // The sign-in page and the link page (/act/<token>, for people without an account) need no sign-in.
  if (settings.enabled && access !== 'public' && access !== 'link') {
    const who = await authenticate(request, settings);
    if (who.status !== 'authenticated') {
      const login = new URL('/login', request.url);
      login.searchParams.set('callbackUrl', `${pathname}${search}`);
      return withHeaders(NextResponse.redirect(login), commonSecurityHeaders({ https }));
    }
  }

  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(request.headers);
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  return withHeaders(response, { ...commonSecurityHeaders({ https }), 'Content-Security-Policy': csp });
}

export const config = {
  // Everything but build assets; API routes included (they get the access check and headers).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

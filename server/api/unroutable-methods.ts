import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from 'node:http';
import { routeMethods, routePathOf } from '@/contract/http';
import { allowHeader } from './methods';

/**
 * Next routes GET, HEAD, OPTIONS, POST, PUT, DELETE and PATCH only. Any other method never reaches a route
 * handler: Next answers a bare 400, and TRACE (which the fetch API's Request refuses to represent) a 500
 * before proxy.ts even runs. This answers them at the HTTP server instead, before Next: 405 with `Allow`,
 * in the error envelope on API paths.
 */
const ROUTED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** API paths outside the route table (sign-in and the Temporal UI's codec), with the methods they serve. */
const OTHER_API_PATHS: [RegExp, string[]][] = [
  [/^\/api\/auth(\/|$)/, ['GET', 'POST']],
  [/^\/api\/temporal-codec\/(encode|decode)\/?$/, ['POST', 'OPTIONS']],
];

/** The methods `pathname` serves; pages and anything unknown serve GET and HEAD. */
export function servedMethods(pathname: string): string[] {
  const routePath = routePathOf(pathname);
  if (routePath) return routeMethods(routePath);
  return OTHER_API_PATHS.find(([pattern]) => pattern.test(pathname))?.[1] ?? ['GET', 'HEAD'];
}

/** True (and answered) when the request's method is one Next cannot route. */
export function answerUnroutableMethod(request: IncomingMessage, response: ServerResponse): boolean {
  if (ROUTED_METHODS.has(request.method ?? '')) return false;
  let pathname: string;
  try {
    pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    pathname = '/';
  }
  const allow = allowHeader(servedMethods(pathname));
  const api = pathname === '/api' || pathname.startsWith('/api/');
  const body = api
    ? JSON.stringify({ error: { code: 'method_not_allowed', message: `This path accepts ${allow} only.` } })
    : 'Method Not Allowed';
  response.writeHead(405, {
    Allow: allow,
    'Content-Type': api ? 'application/json' : 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  // Drain whatever the client sends along, then answer.
  request.resume();
  response.end(body);
  return true;
}

const INSTALLED = Symbol.for('onboarding.unroutableMethodGuard');

/**
 * Puts `answerUnroutableMethod` in front of every HTTP server of this process (Next's included: it
 * starts before this runs), once. Called from instrumentation-node.ts.
 */
export function installUnroutableMethodGuard(): void {
  const prototype = Server.prototype as Server & { [INSTALLED]?: true };
  if (prototype[INSTALLED]) return;
  prototype[INSTALLED] = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
  const emit = prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request' && answerUnroutableMethod(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
    return emit.call(this, event, ...args);
  } as Server['emit'];
}

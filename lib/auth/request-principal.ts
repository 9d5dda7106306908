/**
 * The principal the route wrapper established for a request, so `getActor(request)` can stay a plain
 * synchronous lookup. Keyed by the Request object itself: nothing a client sends can set it.
 */
import type { Principal } from './principal';

const principals = new WeakMap<Request, Principal>();

export function rememberPrincipal(request: Request, principal: Principal | undefined): void {
  if (principal) principals.set(request, principal);
}

export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}

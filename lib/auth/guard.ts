import 'server-only';
/**
 * The check every API route runs inside its handler (through lib/api's route wrapper), in addition to
 * proxy.ts: refuse, or remember who is calling for the events.
 */
import { decideAccess, refusalResponse } from './policy';
import { principalOf, rememberPrincipal } from './request-principal';
import { getAuthSettings } from './settings';

/** A refusal to send back as is, or `undefined` when the request may go on. */
export async function guardApiRequest(request: Request): Promise<Response | undefined> {
  const decision = await decideAccess(request, getAuthSettings());
  if (!decision.allowed) return refusalResponse(decision);
  rememberPrincipal(request, decision.principal);
  return undefined;
}

/** The actor recorded in events: the user's e-mail or the API token's name; none while sign-in is off. */
export function actorOf(request: Request): string | undefined {
  return principalOf(request)?.name;
}

import 'server-only';
/**
 * The check every API route runs inside its handler (through server/api's route wrapper), in addition to
 * proxy.ts: refuse, or say who is calling so the handler can record it in the events.
 */
import { decideAccess, refusalResponse } from './policy';
import type { Principal } from './principal';
import { getAuthSettings } from './settings';

type GuardOutcome = { refused: Response } | { refused?: undefined; principal: Principal | undefined };

/** A refusal to send back as is, or who the caller is (none while sign-in is off). */
export async function guardApiRequest(request: Request): Promise<GuardOutcome> {
  const decision = await decideAccess(request, getAuthSettings());
  if (!decision.allowed) return { refused: refusalResponse(decision) };
  return { principal: decision.principal };
}

import 'server-only';
import { actorOf } from '@/lib/auth/guard';

/**
 * Who is making the request, recorded in the onboarding's events: the signed-in user's e-mail or the
 * API token's name, as established by the route wrapper (withApi). None while sign-in is off.
 */
export function getActor(request: Request): string | undefined {
  return actorOf(request);
}

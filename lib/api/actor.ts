import 'server-only';

/**
 * Who is making the request, recorded in the onboarding's events.
 * Sign-in is not built yet; when it is, this returns the user's email or the API token's name.
 */
export function getActor(_request: Request): string | undefined {
  return undefined;
}

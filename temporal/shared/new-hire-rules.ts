/** What the new-hire form offers and checks: plain values, no zod (see constants.ts). */
export const DEFAULT_SLACK_CHANNEL = '#onboarding-team';

/** Roles the sandbox's learning-path catalog knows; the form suggests them. Any role is accepted. */
export const KNOWN_ROLES = [
  'Software Engineer',
  'Frontend Engineer',
  'Backend Engineer',
  'Data Scientist',
  'Product Manager',
  'Product Designer',
  'Sales Representative',
  'Customer Success Manager',
  'HR Generalist',
  'Accountant',
] as const;

export const START_DATE_WINDOW = { daysBefore: 90, daysAfter: 365 } as const;

/** ISO day `offsetDays` from `now`, in UTC. */
export function isoDay(now: Date, offsetDays = 0): string {
  return new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

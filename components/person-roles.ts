import type { Person } from '@/contract/http';

/** A role as the admin page names it (the table and the add form). */
export const ROLE_LABELS: Record<Person['role'], string> = { 'hr-admin': 'HR admin', viewer: 'Viewer' };

/** A one-time set-password link, shown once after it is issued. */
export interface IssuedLink {
  email: string;
  url: string;
  expiresAt: string;
}

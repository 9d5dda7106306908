/**
 * Plain values for the people pages, with no zod, so the pages can import them without loading zod.
 * contract/http.ts re-exports them next to the schemas.
 */
export const PERSON_ROLES = ['hr-admin', 'viewer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const MIN_PASSWORD_LENGTH = 12;

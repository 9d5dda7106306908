/**
 * The simulated services and the seed's failure rates: plain values with no zod, so the sandbox page
 * can import them without loading zod. contract/http.ts re-exports them next to the schemas.
 */
export const SANDBOX_SERVICES = ['email', 'llm', 'crm', 'slack'] as const;
export type SandboxService = (typeof SANDBOX_SERVICES)[number];

/** The seed's failure rates, a one-click preset on /sandbox. */
export const SEED_FAILURE_RATES: Record<SandboxService, number> = { email: 0.2, llm: 0.1, crm: 0.05, slack: 0.15 };

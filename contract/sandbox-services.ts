/**
 * The simulated services, the kinds of failure they can simulate and the seed's failure preset: plain
 * values with no zod, so the sandbox page can import them without loading zod. contract/http.ts
 * re-exports them next to the schemas.
 */
export const SANDBOX_SERVICES = ['email', 'llm', 'crm', 'slack'] as const;
export type SandboxService = (typeof SANDBOX_SERVICES)[number];

/**
 * How a simulated transient failure looks to the caller: `unavailable` answers 503 (an outage), `timeout`
 * 504 (the service did not answer in time), `error` 500 (the service crashed on the request). A permanent
 * fault answers 422 whatever its kind. All three transient kinds are retried by the activities.
 */
export const FAULT_KINDS = ['unavailable', 'timeout', 'error'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SeedFault {
  failRate: number;
  kind: FaultKind;
  permanent: boolean;
}

/**
 * The seed's failures (the Python sample this project grew from), a one-click preset on /sandbox: its
 * failure rates (email 20%, LLM 10%, CRM 5%, Slack 15%, as SPEC §5 records them) and its failure kinds:
 * the learning-path failure is permanent (the seed raises `ValueError`, which its retry policy does not
 * retry), the CRM times out, Slack fails with a runtime error. The seed's email failure is an ordinary
 * transient error, here an outage. The seed's own delays were not found in the reference material we
 * could search, so the preset adds no latency (`latencyMs` stays as it is).
 */
export const SEED_FAULTS: Record<SandboxService, SeedFault> = {
  email: { failRate: 0.2, kind: 'unavailable', permanent: false },
  llm: { failRate: 0.1, kind: 'error', permanent: true },
  crm: { failRate: 0.05, kind: 'timeout', permanent: false },
  slack: { failRate: 0.15, kind: 'error', permanent: false },
};

/** The seed's failure rates alone. */
export const SEED_FAILURE_RATES: Record<SandboxService, number> = {
  email: SEED_FAULTS.email.failRate,
  llm: SEED_FAULTS.llm.failRate,
  crm: SEED_FAULTS.crm.failRate,
  slack: SEED_FAULTS.slack.failRate,
};

/** What the preset does, in words, for the sandbox page and its confirmation message. */
export const SEED_FAULTS_SUMMARY =
  'email 20% (outages, retried), LLM 10% (permanent, like the seed\'s ValueError), CRM 5% (timeouts, retried), Slack 15% (runtime errors, retried)';

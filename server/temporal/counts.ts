import 'server-only';
import type { CountsResponse } from '@/contract/http';
import { ONBOARDING_STATUSES, type OnboardingStatus } from '@/temporal/shared/contract';
import { atRiskClause, buildListQuery } from './list-query';
import { CALL_DEADLINE_MS, getTemporalClient, withDeadline } from './client';
import { sharedAnswer } from './shared-answer';

/**
 * The list page's counts: one `CountWorkflowExecutions` per status and one for the "Needs action" view,
 * side by side. Counting reads no rows and decrypts no memo, unlike the six list calls of up to 100 rows
 * each the page made before. They are not one grouped call: SQL visibility (the dev server's SQLite and
 * the PostgreSQL cluster) answers `'group by' clause is only supported for ExecutionStatus search
 * attribute`, and grouping by ExecutionStatus cannot tell a running onboarding from one that needs
 * attention or is cancelling, nor a completed run from one that finished cancelled. Instead each process
 * keeps its answer for COUNTS_TTL_MS and shares one round of counts among every request meanwhile, so the
 * visibility store counts once per interval however many dashboards are open.
 */
export const COUNTS_TTL_MS = 2_000;

const counts = sharedAnswer('counts', COUNTS_TTL_MS, (now) => countNow(new Date(now)));

export function countOnboardings(now: () => number = Date.now): Promise<CountsResponse> {
  return counts.get(now);
}

/** Forgets the kept counts (tests start from none). */
export function forgetCounts(): void {
  counts.forget();
}

async function countNow(now: Date): Promise<CountsResponse> {
  const client = getTemporalClient();
  const count = (query: string) => withDeadline(CALL_DEADLINE_MS, () => client.workflow.count(query)).then(({ count: n }) => n);
  const [needsAction, ...perStatus] = await Promise.all([
    count(buildListQuery({ risk: atRiskClause(now) }, false)),
    ...ONBOARDING_STATUSES.map((status) => count(buildListQuery({ status }, false))),
  ]);
  const statuses = Object.fromEntries(ONBOARDING_STATUSES.map((status, index) => [status, perStatus[index] ?? 0])) as Record<OnboardingStatus, number>;
  return { statuses, needsAction: needsAction ?? 0 };
}

/**
 * The list page's counts come from one request, answered with Temporal's counts (no rows read), and a
 * process asks Temporal once per COUNTS_TTL_MS however many dashboards poll. Temporal is mocked: each
 * status's visibility query answers its own number, so a count under the wrong status shows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { atRiskClause, statusClause } from '@/server/temporal/list-query';
import { ONBOARDING_STATUSES, type OnboardingStatus } from '@/temporal/shared/constants';
import type * as Counts from '@/server/temporal/counts';

const ANSWERS: Record<OnboardingStatus, number> = { running: 12, needs_attention: 3, completed: 10_000, cancelling: 1, cancelled: 4, failed: 0 };
const NEEDS_ACTION = 5;

const temporal = vi.hoisted(() => ({ count: vi.fn<(query: string) => Promise<{ count: number; groups: [] }>>() }));
vi.mock('@/server/temporal/client', () => ({
  CALL_DEADLINE_MS: 5000,
  getTemporalClient: () => ({ workflow: { count: temporal.count } }),
  withDeadline: <T>(_ms: number, fn: () => Promise<T>) => fn(),
}));

function answer(query: string): Promise<{ count: number; groups: [] }> {
  if (query.includes('OnboardingAttentionSince')) return Promise.resolve({ count: NEEDS_ACTION, groups: [] });
  const status = ONBOARDING_STATUSES.find((candidate) => query.includes(`(${statusClause(candidate)})`));
  if (!status) return Promise.reject(new Error(`unexpected query ${query}`));
  return Promise.resolve({ count: ANSWERS[status], groups: [] });
}

let GET: (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
let counts: typeof Counts;

beforeAll(async () => {
  vi.stubEnv('APP_URL', 'http://localhost:3000');
  vi.resetModules();
  GET = (await import('@/app/api/onboardings/counts/route')).GET;
  counts = await import('@/server/temporal/counts');
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => {
  counts.forgetCounts();
  temporal.count.mockReset();
  temporal.count.mockImplementation(answer);
});

const request = () => GET(new Request('http://localhost:3000/api/onboardings/counts'), { params: Promise.resolve({}) });

describe('GET /api/onboardings/counts', () => {
  it('answers every status and the "Needs action" view from one round of counts', async () => {
    const response = await request();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ statuses: ANSWERS, needsAction: NEEDS_ACTION });
    // Six statuses and the at-risk view: counts only, no list call.
    expect(temporal.count).toHaveBeenCalledTimes(7);
    const queries = temporal.count.mock.calls.map(([query]) => query);
    expect(queries.every((query) => query.startsWith("WorkflowType = 'onboardingWorkflow'"))).toBe(true);
    expect(queries.some((query) => query.includes(atRiskClause(new Date())))).toBe(true);
  });

  it('shares one round among requests within 2 s and counts again after', () => {
    let now = 1_000_000;
    const clock = () => now;
    const first = counts.countOnboardings(clock);
    now += counts.COUNTS_TTL_MS - 1;
    expect(counts.countOnboardings(clock)).toBe(first);
    expect(temporal.count).toHaveBeenCalledTimes(7);
    now += 1;
    expect(counts.countOnboardings(clock)).not.toBe(first);
    expect(temporal.count).toHaveBeenCalledTimes(14);
  });

  it('does not keep a failed round: the next request asks Temporal again', async () => {
    temporal.count.mockImplementation(() => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 })));
    expect((await request()).status).toBeGreaterThanOrEqual(500);
    temporal.count.mockImplementation(answer);
    const response = await request();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { needsAction: number }).needsAction).toBe(NEEDS_ACTION);
  });
});

import { describe, expect, it } from 'vitest';
import {
  hashNameWord,
  nameTokens,
  normaliseNameWords,
} from '@/server/temporal/name-tokens';
import { atRiskClause, buildListQuery, decodeCursor, encodeCursor, quote, searchClause, statusClause } from '@/server/temporal/list-query';
import {
  byUrgency,
  isWaitingForWorker,
  onboardingStatusFor,
  PENDING_ACTIVITY_SCHEDULED,
  toDetail,
  toStepView,
  toSummary,
  type PendingActivityLike,
} from '@/server/temporal/to-view';
import type { StepState } from '@/temporal/shared/schemas';

const SECRET = 'test-secret-test-secret-test-secret';
const ts = (iso: string) => ({ seconds: Date.parse(iso) / 1000, nanos: 0 });

describe('name tokens', () => {
  it('normalises case and accents, keeps other scripts, splits on punctuation', () => {
    expect(normaliseNameWords("Zoë O'Brien")).toEqual(['zoe', 'o', 'brien']);
    expect(normaliseNameWords('ZOE')).toEqual(normaliseNameWords('Zoë'));
    expect(normaliseNameWords('李 小龍')).toEqual(['李', '小龍']);
    expect(normaliseNameWords('  José-María  ')).toEqual(['jose', 'maria']);
    expect(normaliseNameWords('Ａｎｎａ')).toEqual(['anna']);
  });

  it('hashes words with the secret: same word same token, another secret another token, no plain text', () => {
    const tokens = nameTokens('Zoë Smith', SECRET);
    expect(tokens).toEqual([hashNameWord('zoe', SECRET), hashNameWord('smith', SECRET)]);
    expect(tokens.every((t) => /^[0-9a-f]{16}$/.test(t))).toBe(true);
    expect(hashNameWord('zoe', 'another-secret-another-secret')).not.toBe(tokens[0]);
    expect(tokens.join(' ')).not.toMatch(/zoe|smith/i);
  });
});

describe('list query', () => {
  const hash = (word: string) => hashNameWord(word, SECRET);

  it('always restricts to our workflow type and adds ORDER BY only when supported', () => {
    expect(buildListQuery({}, false)).toBe("WorkflowType = 'onboardingWorkflow'");
    expect(buildListQuery({}, true)).toBe("WorkflowType = 'onboardingWorkflow' ORDER BY StartTime DESC");
  });

  it('maps statuses to visibility terms; failed covers every abnormal end', () => {
    expect(statusClause('needs_attention')).toBe("ExecutionStatus = 'Running' AND OnboardingStatus = 'needs_attention'");
    expect(statusClause('failed')).toBe("ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')");
    expect(statusClause('cancelled')).toContain("ExecutionStatus = 'Canceled'");
  });

  it('matches an ID prefix or all hashed name words', () => {
    expect(searchClause('E-1', hash, normaliseNameWords('E-1'))).toBe(
      `(WorkflowId STARTS_WITH 'onboarding-E-1' OR (OnboardingNameTokens = '${hash('e')}' AND OnboardingNameTokens = '${hash('1')}'))`,
    );
    expect(searchClause('Zoë', hash, normaliseNameWords('Zoë'))).toBe(`OnboardingNameTokens = '${hash('zoe')}'`);
  });

  it("never lets q's characters into the query; q that cannot match anything gives no clause", () => {
    const hostile = "x' OR WorkflowType != '";
    const clause = searchClause(hostile, hash, normaliseNameWords(hostile)) ?? '';
    expect(clause).not.toContain("'x'");
    expect(clause).not.toContain('!=');
    expect(searchClause("'; --", hash, normaliseNameWords("'; --"))).toBeUndefined();
    expect(quote("a'b\\c")).toBe("'a\\'b\\\\c'");
  });

  it('cursors round-trip only with the same filters and are tamper-evident', () => {
    const token = new Uint8Array([1, 2, 3, 250]);
    const cursor = encodeCursor(token, 'query-a', SECRET);
    expect(decodeCursor(cursor, 'query-a', SECRET)).toEqual(token);
    expect(decodeCursor(cursor, 'query-b', SECRET)).toBeUndefined();
    expect(decodeCursor(cursor.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 'query-a', SECRET)).toBeUndefined();
    expect(decodeCursor('garbage', 'query-a', SECRET)).toBeUndefined();
  });
});

const baseStep: StepState = {
  key: 'welcome-email',
  label: 'Send welcome email',
  status: 'running',
  attempt: 1,
  maxAttempts: 5,
  round: 0,
  lastFailure: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
  result: null,
};

describe('toStepView: pending activity merged into the step', () => {
  const failedAttempt: PendingActivityLike = {
    activityId: 'welcome-email',
    state: PENDING_ACTIVITY_SCHEDULED,
    attempt: 3,
    maximumAttempts: 5,
    lastFailure: { message: 'Email service answered 503', applicationFailureInfo: { type: 'TransientHttpError', nonRetryable: false } },
    nextAttemptScheduleTime: ts('2026-01-01T00:00:08.000Z'),
  };

  it('a waiting activity after a failure is retrying, with live attempt, failure and next retry', () => {
    expect(toStepView(baseStep, failedAttempt)).toMatchObject({
      status: 'retrying',
      attempt: 3,
      maxAttempts: 5,
      lastFailure: { message: 'Email service answered 503', type: 'TransientHttpError', nonRetryable: false },
      nextRetryAt: '2026-01-01T00:00:08.000Z',
    });
  });

  it('a started activity is running, still showing the last failure', () => {
    expect(toStepView(baseStep, { ...failedAttempt, state: 2, nextAttemptScheduleTime: null })).toMatchObject({
      status: 'running',
      attempt: 3,
      nextRetryAt: null,
      lastFailure: { type: 'TransientHttpError' },
    });
  });

  it('a first attempt does not show a failure from an earlier round', () => {
    const step = { ...baseStep, lastFailure: { message: 'old', type: 'X', nonRetryable: true } };
    expect(toStepView(step, { activityId: 'welcome-email', state: 2, attempt: 1 })).toMatchObject({ status: 'running', attempt: 1, lastFailure: null });
  });

  it('a finished step keeps what the workflow recorded', () => {
    const done = { ...baseStep, status: 'completed' as const, attempt: 2 };
    expect(toStepView(done, failedAttempt)).toMatchObject({ status: 'completed', attempt: 2, nextRetryAt: null });
  });

  it('a timeout without an application failure still has a type', () => {
    expect(toStepView(baseStep, { ...failedAttempt, lastFailure: { message: 'activity StartToClose timeout', timeoutFailureInfo: {} } }).lastFailure).toEqual({
      message: 'activity StartToClose timeout',
      type: 'Timeout',
      nonRetryable: false,
    });
  });
});

describe('statuses and summaries', () => {
  it.each([
    ['RUNNING', 'needs_attention', 'needs_attention'],
    ['RUNNING', undefined, 'running'],
    ['COMPLETED', 'completed', 'completed'],
    ['COMPLETED', 'cancelled', 'cancelled'],
    ['CANCELLED', 'cancelling', 'cancelled'],
    ['TERMINATED', 'running', 'failed'],
    ['TIMED_OUT', 'running', 'failed'],
    ['FAILED', 'running', 'failed'],
  ])('%s with OnboardingStatus %s is %s', (execution, attribute, expected) => {
    expect(onboardingStatusFor(execution, attribute)).toBe(expected);
  });

  it('builds a summary from memo and search attributes', () => {
    expect(
      toSummary({
        workflowId: 'onboarding-E1',
        executionStatus: 'RUNNING',
        startTime: new Date('2026-01-01T00:00:00Z'),
        memo: { employeeId: 'E1', fullName: 'Zoë', role: 'Accountant', startDate: '2026-02-01', completedSteps: 2 },
        statusAttribute: 'running',
        stepAttribute: 'crm-update',
      }),
    ).toEqual({
      id: 'onboarding-E1',
      employeeId: 'E1',
      fullName: 'Zoë',
      role: 'Accountant',
      department: null,
      startDate: '2026-02-01',
      status: 'running',
      currentStep: 'crm-update',
      completedSteps: 2,
      totalSteps: 4,
      startedAt: '2026-01-01T00:00:00.000Z',
      closedAt: null,
      risk: null,
    });
  });

  const live = { workflowId: 'onboarding-R', executionStatus: 'RUNNING', startTime: new Date('2026-01-01T00:00:00Z'), memo: {} };
  const now = new Date('2026-03-01T12:00:00Z');
  it.each([
    ['a failed step waiting for a decision', { statusAttribute: 'needs_attention', attentionSince: new Date('2026-03-01T08:00:00Z') }, { reason: 'needs_person', since: '2026-03-01T08:00:00.000Z' }],
    ['a run from before plans needing a decision', { statusAttribute: 'needs_attention' }, { reason: 'needs_person', since: '2026-01-01T00:00:00.000Z' }],
    ['an overdue task', { statusAttribute: 'running', attentionSince: new Date('2026-02-28T00:00:00Z') }, { reason: 'overdue_task', since: '2026-02-28T00:00:00.000Z' }],
    [
      'an approval waiting past ESCALATE_AFTER',
      { statusAttribute: 'running', attentionSince: new Date('2026-02-28T00:00:00Z'), memo: { attentionReason: 'approval' } },
      { reason: 'approval_waiting', since: '2026-02-28T00:00:00.000Z' },
    ],
    [
      'a failed step while an approval waits',
      { statusAttribute: 'needs_attention', attentionSince: new Date('2026-02-28T00:00:00Z'), memo: { attentionReason: 'approval' } },
      { reason: 'needs_person', since: '2026-02-28T00:00:00.000Z' },
    ],
    [
      'a reason this version does not know',
      { statusAttribute: 'running', attentionSince: new Date('2026-02-28T00:00:00Z'), memo: { attentionReason: 'something-new' } },
      { reason: 'overdue_task', since: '2026-02-28T00:00:00.000Z' },
    ],
    ['a start in 2 days', { statusAttribute: 'running', startsAt: new Date('2026-03-03T00:00:00Z') }, { reason: 'starts_soon', since: '2026-03-03T00:00:00.000Z' }],
    ['a start in 10 days', { statusAttribute: 'running', startsAt: new Date('2026-03-11T00:00:00Z') }, null],
    ['a finished onboarding', { executionStatus: 'COMPLETED', statusAttribute: 'completed', startsAt: new Date('2026-03-02T00:00:00Z') }, null],
  ])('risk of %s', (_name, extra, risk) => {
    expect(toSummary({ ...live, ...extra, now }).risk).toEqual(risk);
  });

  it('asks visibility for running onboardings needing a person, late, or starting by the end of the third day', () => {
    expect(buildListQuery({ risk: atRiskClause(now) }, false)).toBe(
      "WorkflowType = 'onboardingWorkflow' AND (ExecutionStatus = 'Running' AND (OnboardingStatus = 'needs_attention' OR " +
        "OnboardingAttentionSince IS NOT NULL OR OnboardingStartDate <= '2026-03-04T23:59:59.000Z'))",
    );
  });

  it('sorts the at-risk view most urgent first, the oldest first within a reason', () => {
    const row = (id: string, extra: object) => toSummary({ ...live, workflowId: id, ...extra, now });
    const rows = [
      row('onboarding-soon', { statusAttribute: 'running', startsAt: new Date('2026-03-02T00:00:00Z') }),
      row('onboarding-late-new', { statusAttribute: 'running', attentionSince: new Date('2026-03-01T00:00:00Z') }),
      row('onboarding-failed', { statusAttribute: 'needs_attention', attentionSince: new Date('2026-03-01T10:00:00Z') }),
      row('onboarding-late-old', { statusAttribute: 'running', attentionSince: new Date('2026-02-20T00:00:00Z') }),
      row('onboarding-approval', { statusAttribute: 'running', attentionSince: new Date('2026-03-01T11:00:00Z'), memo: { attentionReason: 'approval' } }),
    ];
    expect(rows.sort(byUrgency).map((r) => r.id)).toEqual([
      'onboarding-failed',
      'onboarding-approval',
      'onboarding-late-old',
      'onboarding-late-new',
      'onboarding-soon',
    ]);
  });

  it.each([
    // [execution, OnboardingStatus, OnboardingStep, memo's completedSteps, steps the row shows done]
    ['RUNNING', 'running', 'welcome-email', undefined, 0],
    ['RUNNING', 'running', 'crm-update', undefined, 2],
    ['RUNNING', 'needs_attention', 'slack-notification', undefined, 3],
    ['COMPLETED', 'completed', undefined, undefined, 4],
    // The memo wins where the workflow wrote it: a skipped step, a step undone by a cancel, an older run.
    ['COMPLETED', 'completed', undefined, 3, 3],
    ['RUNNING', 'running', 'slack-notification', 1, 1],
    ['CANCELED', 'cancelled', undefined, 0, 0],
  ] as const)('%s %s at %s with memo %s shows %i steps done', (executionStatus, statusAttribute, stepAttribute, completedSteps, expected) => {
    const summary = toSummary({
      workflowId: 'onboarding-E2',
      executionStatus,
      startTime: new Date('2026-01-01T00:00:00Z'),
      memo: { employeeId: 'E2', fullName: 'Ada', role: 'Accountant', startDate: '2026-02-01', completedSteps },
      statusAttribute,
      stepAttribute,
    });
    expect(summary.completedSteps).toBe(expected);
  });
});

describe('waiting for a worker', () => {
  const now = new Date('2026-01-01T00:01:00Z');
  const base = { live: true, queryAnswered: true, pendingActivities: [], pendingWorkflowTask: null, now };

  it('is true when the query went unanswered or work sits queued too long', () => {
    expect(isWaitingForWorker({ ...base, queryAnswered: false })).toBe(true);
    expect(isWaitingForWorker({ ...base, pendingWorkflowTask: { state: 1, scheduledTime: ts('2026-01-01T00:00:00Z') } })).toBe(true);
    expect(isWaitingForWorker({ ...base, pendingActivities: [{ activityId: 'crm-update', state: 1, attempt: 1, scheduledTime: ts('2026-01-01T00:00:00Z') }] })).toBe(true);
  });

  it('is false for fresh work, a backoff, or a closed run', () => {
    expect(isWaitingForWorker(base)).toBe(false);
    expect(isWaitingForWorker({ ...base, pendingActivities: [{ state: 1, attempt: 1, scheduledTime: ts('2026-01-01T00:00:55Z') }] })).toBe(false);
    expect(
      isWaitingForWorker({
        ...base,
        pendingActivities: [{ state: 1, attempt: 4, scheduledTime: ts('2026-01-01T00:00:00Z'), nextAttemptScheduleTime: ts('2026-01-01T00:01:30Z') }],
      }),
    ).toBe(false);
    expect(isWaitingForWorker({ ...base, live: false, queryAnswered: false })).toBe(false);
  });
});

describe('toDetail without a query answer', () => {
  it('builds a degraded detail from describe and the start input', () => {
    const detail = toDetail({
      id: 'onboarding-E1',
      runId: 'run-1',
      executionStatus: 'RUNNING',
      startTime: new Date('2026-01-01T00:00:00Z'),
      temporalUiUrl: 'http://ui',
      waitingForWorker: true,
      pendingActivities: [],
      state: undefined,
      fallback: {
        hire: { employeeId: 'E1', fullName: 'Zoë', email: 'z@example.com', role: 'R', startDate: '2026-02-01', slackChannel: '#general' },
        statusAttribute: 'running',
        stepAttribute: 'welcome-email',
      },
    });
    expect(detail.status).toBe('running');
    expect(detail.waitingForWorker).toBe(true);
    expect(detail.steps.map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(detail.currentStep).toBe('welcome-email');
  });

  it('a terminated run is failed and shows nothing as still running', () => {
    const detail = toDetail({
      id: 'onboarding-E1',
      runId: 'run-1',
      executionStatus: 'TERMINATED',
      startTime: new Date('2026-01-01T00:00:00Z'),
      closeTime: new Date('2026-01-01T00:05:00Z'),
      temporalUiUrl: 'http://ui',
      waitingForWorker: false,
      pendingActivities: [],
      state: {
        status: 'running',
        currentStep: 'welcome-email',
        input: { employeeId: 'E1', fullName: 'Zoë', email: 'z@example.com', role: 'R', startDate: '2026-02-01', slackChannel: '#general' },
        steps: [baseStep],
        events: [],
        startedAt: '2026-01-01T00:00:00.000Z',
        closedAt: null,
      },
      fallback: { hire: { employeeId: 'E1', fullName: 'Zoë', email: 'z@example.com', role: 'R', startDate: '2026-02-01', slackChannel: '#general' } },
    });
    expect(detail.status).toBe('failed');
    expect(detail.steps[0]?.status).toBe('cancelled');
    expect(detail.closedAt).toBe('2026-01-01T00:05:00.000Z');
    expect(detail.currentStep).toBeNull();
  });
});

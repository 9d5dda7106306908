/**
 * The activities around their services: the idempotency key, the attempt number on success and on
 * failure, and which failed attempts are reported to the workflow.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it, vi } from 'vitest';
import { createActivities, type ActivityDeps, type AttemptFailureReport } from '../../temporal/activities';
import type { CallContext } from '../../temporal/integrations';
import type { NewHire, OnboardingActivities } from '../../temporal/shared/contract';

type CrmArgs = Parameters<OnboardingActivities['setCrmStatus']>[0];

const hire: NewHire = {
  employeeId: 'e1',
  fullName: 'Zoë Li',
  email: 'zoe@example.com',
  role: 'Data Scientist',
  startDate: '2026-12-01',
  managerEmail: 'boss@example.com',
  slackChannel: '#general',
};

const onboard: CrmArgs = { employeeId: 'e1', status: 'onboarded', compensation: false };
const undoOnboard: CrmArgs = { employeeId: 'e1', status: 'cancelled', compensation: true };

function environment(attempt: number) {
  return new MockActivityEnvironment({
    attempt,
    workflowExecution: { workflowId: 'onboarding-e1', runId: 'run-1' },
    retryPolicy: { maximumAttempts: 5 },
  }, { logger: new DefaultLogger('ERROR') });
}

function depsWith(overrides: Partial<ActivityDeps>): ActivityDeps & { keys: string[] } {
  const keys: string[] = [];
  const remember = (call: CallContext) => keys.push(call.idempotencyKey);
  return {
    keys,
    email: { send: (_m, call) => (remember(call), Promise.resolve({ id: 'm1' })) },
    llm: {
      generateLearningPath: (_r, call) => (
        remember(call), Promise.resolve({ model: 'x', path: { modules: [{ title: 't', durationHours: 1, why: 'w' }] } })
      ),
    },
    crm: { setStatus: (u, call) => (remember(call), Promise.resolve({ employeeId: u.employeeId, status: u.status })) },
    slack: { postMessage: (m, call) => (remember(call), Promise.resolve({ channel: m.channel, ts: '1.1' })) },
    ...overrides,
  };
}

describe('activities', () => {
  it('use <workflowId>:<runId>:<step> as the idempotency key and return their attempt', async () => {
    const deps = depsWith({});
    const activities = createActivities(deps);
    const env = environment(2);

    await expect(env.run((input: NewHire) => activities.sendWelcomeEmail(input), hire)).resolves.toEqual({
      value: { messageId: 'm1', to: 'zoe@example.com', subject: 'Welcome to the team, Zoë!' },
      attempt: 2,
    });
    await env.run((input: NewHire) => activities.generateLearningPath(input), hire);
    await env.run((input: CrmArgs) => activities.setCrmStatus(input), onboard);
    await expect(env.run((input: NewHire) => activities.postSlackAnnouncement(input), hire)).resolves.toMatchObject({
      value: { channel: '#general', text: 'New user Zoë Li (e1) has been onboarded!' },
    });
    await env.run((input: CrmArgs) => activities.setCrmStatus(input), undoOnboard);
    await env.run((input: NewHire) => activities.sendCancellationEmail(input), hire);
    await env.run((input: NewHire) => activities.postSlackCorrection(input), hire);

    expect(deps.keys).toEqual([
      'onboarding-e1:run-1:welcome-email',
      'onboarding-e1:run-1:learning-path',
      'onboarding-e1:run-1:crm-update',
      'onboarding-e1:run-1:slack-notification',
      'onboarding-e1:run-1:crm-update:compensation',
      'onboarding-e1:run-1:welcome-email:compensation',
      'onboarding-e1:run-1:slack-notification:compensation',
    ]);
  });

  it('put the attempt in the failure and report a retryable one to the workflow', async () => {
    const reports: AttemptFailureReport[] = [];
    const activities = createActivities(
      depsWith({
        email: { send: () => Promise.reject(ApplicationFailure.retryable('Email service answered HTTP 503: busy', 'TransientHttpError')) },
        reportAttemptFailure: (report) => (reports.push(report), Promise.resolve()),
      }),
    );
    const failure = await environment(3).run((input: NewHire) => activities.sendWelcomeEmail(input), hire).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'TransientHttpError', nonRetryable: false, details: [{ attempt: 3 }] });
    expect(reports).toEqual([
      {
        workflowId: 'onboarding-e1',
        runId: 'run-1',
        step: 'welcome-email',
        attempt: 3,
        message: 'Email service answered HTTP 503: busy',
        type: 'TransientHttpError',
      },
    ]);
  });

  it('do not report permanent failures, last attempts or compensations', async () => {
    const report = vi.fn(() => Promise.resolve());
    const permanent = createActivities(
      depsWith({
        slack: { postMessage: () => Promise.reject(ApplicationFailure.nonRetryable('Slack channel #x not found', 'SlackChannelNotFound')) },
        crm: { setStatus: () => Promise.reject(ApplicationFailure.retryable('CRM answered HTTP 500: down', 'TransientHttpError')) },
        reportAttemptFailure: report,
      }),
    );
    await expect(environment(1).run((input: NewHire) => permanent.postSlackAnnouncement(input), hire)).rejects.toMatchObject({
      type: 'SlackChannelNotFound',
      nonRetryable: true,
      details: [{ attempt: 1 }],
    });
    await expect(environment(5).run((input: CrmArgs) => permanent.setCrmStatus(input), onboard)).rejects.toMatchObject({
      details: [{ attempt: 5 }],
    });
    await expect(environment(1).run((input: CrmArgs) => permanent.setCrmStatus(input), undoOnboard)).rejects.toBeInstanceOf(
      ApplicationFailure,
    );
    expect(report).not.toHaveBeenCalled();
  });

  it('keep the outcome when reporting fails', async () => {
    const activities = createActivities(
      depsWith({
        llm: { generateLearningPath: () => Promise.reject(new Error('socket hang up')) },
        reportAttemptFailure: () => Promise.reject(new Error('Temporal unreachable')),
      }),
    );
    await expect(environment(1).run((input: NewHire) => activities.generateLearningPath(input), hire)).rejects.toMatchObject({
      message: 'socket hang up',
      type: 'UnexpectedError',
      nonRetryable: false,
    });
  });
});

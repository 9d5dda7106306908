/**
 * The activities, built from their dependencies so tests hand in fakes and the worker hands in the
 * configured services. Each one is a step (or a step's compensation) of the onboarding workflow.
 */
import type { OnboardingActivities } from '../shared/contract';
import type { Services } from '../integrations';
import { runAttempt, runServiceAttempt, type AttemptFailureReport } from './run-attempt';
import type { BreakerGate } from './breaker-gate';
import { cancellationEmailFor, sendEmail, welcomeEmailFor } from './welcome-email';
import { generateLearningPath, reviseLearningPath } from './learning-path';
import { setCrmStatus } from './crm-update';
import { announcementFor, correctionFor, postSlackMessage } from './slack-notification';
import { hrNoticeText, linkFor, startDateChangedEmail, taskLinkEmail, type LinkSigner } from './people';
import { Context } from '@temporalio/activity';
import { diagnoseFailure } from './diagnosis';
import type { AssistantActivities } from '../shared/contract';

export type { AttemptFailureReport } from './run-attempt';
export { idempotencyKeyFor } from './run-attempt';

export interface ActivityDeps extends Services {
  /** Tells the workflow about a failed attempt that will be retried (best effort). */
  reportAttemptFailure?: (report: AttemptFailureReport) => Promise<void>;
  heartbeatIntervalMs?: number;
  /** Signs owners' links (common/links.ts with the shared secret) and where they point. */
  links?: { sign: LinkSigner; appUrl: string };
  /** The services' breakers (breaker-gate.ts); without it steps call their services unguarded. */
  breakers?: BreakerGate;
}

export function createActivities(deps: ActivityDeps): OnboardingActivities {
  const { reportAttemptFailure, heartbeatIntervalMs, breakers: gate } = deps;
  const common = { reportAttemptFailure, heartbeatIntervalMs };
  return {
    sendWelcomeEmail: (hire, step) =>
      runServiceAttempt({ ...common, step: 'welcome-email', round: step?.round, service: 'email', call: step, gate }, (call) =>
        sendEmail(deps.email, welcomeEmailFor(hire), call),
      ),
    generateLearningPath: (hire, step) =>
      runServiceAttempt({ ...common, step: 'learning-path', round: step?.round, service: 'llm', call: step, gate }, (call) =>
        generateLearningPath(deps.llm, hire, call),
      ),
    reviseLearningPath: (args, step) =>
      // Each draft is its own request: the key ends in the draft's number (`:draft-2`), a retry of it keeps it.
      // Behind the LLM's breaker like the first draft: a paused or failing model holds a revision too.
      runServiceAttempt(
        { ...common, step: 'learning-path', occasion: `draft-${args.round}`, reportsAttempts: true, service: 'llm', call: step, gate },
        (call) => reviseLearningPath(deps.llm, args, call),
      ),
    setCrmStatus: ({ employeeId, status, compensation }, step) =>
      runServiceAttempt({ ...common, step: 'crm-update', compensation, round: step?.round, service: 'crm', call: step, gate }, (call) =>
        setCrmStatus(deps.crm, { employeeId, status }, call),
      ),
    postSlackAnnouncement: (hire, step) => {
      const { channel, text } = announcementFor(hire);
      return runServiceAttempt({ ...common, step: 'slack-notification', round: step?.round, service: 'slack', call: step, gate }, (call) =>
        postSlackMessage(deps.slack, channel, text, call),
      );
    },
    sendCancellationEmail: (hire) =>
      runAttempt({ ...common, step: 'welcome-email', compensation: true }, (call) =>
        sendEmail(deps.email, cancellationEmailFor(hire), call),
      ),
    postSlackCorrection: (hire) => {
      const { channel, text } = correctionFor(hire);
      return runAttempt({ ...common, step: 'slack-notification', compensation: true }, (call) =>
        postSlackMessage(deps.slack, channel, text, call),
      );
    },
    sendTaskLink: (args) =>
      runAttempt({ ...common, step: args.step.key, occasion: args.occasion }, async (call) => {
        const links = deps.links;
        if (!links) throw new Error('This worker cannot sign links (no link settings)');
        const url = linkFor(links.sign, links.appUrl, args.step.key, args.nonce, args.linkTtlMs);
        const { id } = await deps.email.send(taskLinkEmail(args, url), call);
        return { messageId: id };
      }),
    notifyHr: (args) =>
      runAttempt({ ...common, step: args.stepKey, occasion: args.occasion }, async (call) => {
        const { subject, text } = hrNoticeText(args);
        const posted = await deps.slack.postMessage({ channel: args.hrSlackChannel, text: subject + `\n${args.dashboardUrl}` }, call);
        const { id } = await deps.email.send({ to: args.hrEmail, subject, text }, call);
        return { slackTs: posted.ts, messageId: id };
      }),
    sendStartDateChangedEmail: ({ hire, previousStartDate, occasion }) =>
      runAttempt({ ...common, step: 'welcome-email', occasion }, (call) =>
        sendEmail(deps.email, startDateChangedEmail(hire, previousStartDate), call),
      ),
  };
}

export type { AssistantActivities } from '../shared/contract';

/** The assistant's activities; registered by the worker, called by the workflow when a service step needs a person. */
export function createAssistantActivities(deps: Pick<Services, 'slack' | 'assistant'>): AssistantActivities {
  return {
    diagnoseFailure: (facts) => {
      const ctx = Context.current();
      const execution = ctx.info.workflowExecution;
      const call = {
        // `<workflowId>:<runId>:diagnosis:<step>:r<round>` (the activity ID): one question per failure of a step.
        idempotencyKey: `${execution?.workflowId ?? 'none'}:${execution?.runId ?? 'none'}:${ctx.info.activityId}`,
        signal: ctx.cancellationSignal,
        attempt: ctx.info.attempt,
      };
      const list = deps.slack.listChannels?.bind(deps.slack);
      return diagnoseFailure({ chat: deps.assistant, listSlackChannels: list }, facts, call);
    },
  };
}

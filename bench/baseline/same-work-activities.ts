/**
 * The same-work baseline's activities: the four HTTP calls an onboarding makes, to the same sandbox
 * endpoints, with the same bodies and the same `Idempotency-Key` (`<workflowId>:<runId>:<step>`), through
 * the product's own service clients. Nothing else: no attempt reports, no heartbeats, no metrics. What it
 * measures next to ours is what the dashboard adds around the calls, not the cost of the outside world.
 */
import { Context } from '@temporalio/activity';
import type { NewHire } from '../../temporal/shared/contract';
import type { CallContext, Services } from '../../temporal/integrations';
import { idempotencyKeyFor } from '../../temporal/activities/run-attempt';
import { sendEmail, welcomeEmailFor } from '../../temporal/activities/welcome-email';
import { generateLearningPath } from '../../temporal/activities/learning-path';
import { setCrmStatus } from '../../temporal/activities/crm-update';
import { announcementFor, postSlackMessage } from '../../temporal/activities/slack-notification';

function callFor(step: string): CallContext {
  const ctx = Context.current();
  const execution = ctx.info.workflowExecution;
  if (!execution) throw new Error('same-work activities run only inside a workflow');
  return { idempotencyKey: idempotencyKeyFor(execution.workflowId, execution.runId, step), signal: ctx.cancellationSignal, attempt: ctx.info.attempt };
}

export function createSameWorkActivities(services: Pick<Services, 'email' | 'llm' | 'crm' | 'slack'>) {
  return {
    async sameWorkEmail(hire: NewHire): Promise<void> {
      await sendEmail(services.email, welcomeEmailFor(hire), callFor('welcome-email'));
    },
    async sameWorkLearningPath(hire: NewHire): Promise<void> {
      await generateLearningPath(services.llm, hire, callFor('learning-path'));
    },
    async sameWorkCrm(hire: NewHire): Promise<void> {
      await setCrmStatus(services.crm, { employeeId: hire.employeeId, status: 'onboarded' }, callFor('crm-update'));
    },
    async sameWorkSlack(hire: NewHire): Promise<void> {
      const { channel, text } = announcementFor(hire);
      await postSlackMessage(services.slack, channel, text, callFor('slack-notification'));
    },
  };
}

export type SameWorkActivities = ReturnType<typeof createSameWorkActivities>;

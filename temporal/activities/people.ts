/**
 * Messages to people about the plan: a task owner's link, HR's escalations and reminders, and the hire's
 * note about a moved start date. Each goes through the email (and Slack) integration like every step,
 * under an idempotency key per occasion, so a retried or replayed notice is delivered once.
 */
import { Context } from '@temporalio/activity';
import type { HrNoticeArgs, NewHire, TaskLinkArgs } from '../shared/contract';
import type { EmailMessage } from '../integrations';

/** Signs a link for a step of the current run (the worker holds the secret). */
export type LinkSigner = (claims: { workflowId: string; runId: string; step: string; nonce: string; expiresAt: number }) => string;

export function taskLinkEmail(args: TaskLinkArgs, url: string): EmailMessage {
  if (args.approval) return approvalLinkEmail(args, args.approval, url);
  const due = args.dueAt ? `It is due ${new Date(args.dueAt).toUTCString()}.` : '';
  const lines = args.reminder
    ? [
        `A reminder: "${args.step.label}" for the onboarding of ${args.hireName} is overdue.`,
        due,
        '',
        `When it is done, mark it done here (no sign-in needed): ${url}`,
      ]
    : [
        `You have a task in the onboarding of ${args.hireName}: "${args.step.label}".`,
        args.step.description ?? '',
        due,
        '',
        `When it is done, mark it done here (no sign-in needed): ${url}`,
        'The link works once and expires; it is meant for you only.',
      ];
  return {
    to: args.ownerAddress,
    subject: args.reminder ? `Overdue: ${args.step.label} (${args.hireName})` : `Onboarding task: ${args.step.label} (${args.hireName})`,
    text: lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n'),
  };
}

/** The approver's link: the draft's modules in the mail, the decision behind the link. */
function approvalLinkEmail(args: TaskLinkArgs, approval: NonNullable<TaskLinkArgs['approval']>, url: string): EmailMessage {
  const draft = approval.round > 1 ? `Draft ${approval.round}, revised with your feedback` : 'The first draft';
  const lines = [
    `${args.reminder ? 'A reminder: the' : 'The'} learning path for ${args.hireName} waits for your approval.`,
    `${draft}:`,
    ...approval.titles.map((title, i) => `  ${i + 1}. ${title}`),
    '',
    `Approve it or request changes here (no sign-in needed): ${url}`,
    'The link works once and expires; it is meant for you only.',
  ];
  return {
    to: args.ownerAddress,
    subject: `${args.reminder ? 'Reminder: approve' : 'Approve'} the learning path of ${args.hireName} (draft ${approval.round})`,
    text: lines.join('\n'),
  };
}

export function hrNoticeText(args: HrNoticeArgs): { subject: string; text: string } {
  const headline =
    args.kind === 'escalated'
      ? `Onboarding of ${args.hireName} (${args.employeeId}) needs a person: ${args.stepLabel}`
      : `Reminder ${args.count}: onboarding of ${args.hireName} (${args.employeeId}) still needs a person: ${args.stepLabel}`;
  return { subject: headline, text: `${headline}\nReason: ${args.reason}\nOpen it on the dashboard: ${args.dashboardUrl}` };
}

export function startDateChangedEmail(hire: NewHire, previousStartDate: string): EmailMessage {
  const firstName = hire.fullName.split(/\s+/)[0] ?? hire.fullName;
  return {
    to: hire.email,
    subject: 'Your start date has changed',
    text: `Hi ${firstName},\n\nYour first day moved from ${previousStartDate} to ${hire.startDate}. Everything else stays as we wrote. See you then!`,
  };
}

/** The current activity's run and a link to act on its step. */
export function linkFor(sign: LinkSigner, appUrl: string, step: string, nonce: string, ttlMs: number): string {
  const { workflowExecution } = Context.current().info;
  if (!workflowExecution) throw new Error('Links are made only inside a workflow');
  const token = sign({
    workflowId: workflowExecution.workflowId,
    runId: workflowExecution.runId,
    step,
    nonce,
    expiresAt: Date.now() + ttlMs,
  });
  return `${appUrl.replace(/\/+$/, '')}/act/${token}`;
}

import type { NewHire, WelcomeEmailResult } from '../shared/contract';
import type { CallContext, EmailMessage, EmailService } from '../integrations';

export function welcomeEmailFor(hire: NewHire): EmailMessage {
  const firstName = hire.fullName.split(/\s+/)[0] ?? hire.fullName;
  const lines = [
    `Hi ${firstName},`,
    '',
    `Welcome aboard! We are glad you are joining us as ${hire.role}${hire.department ? ` in ${hire.department}` : ''}.`,
    `Your first day is ${hire.startDate}.`,
    hire.managerEmail ? `Your manager (${hire.managerEmail}) will be in touch before then.` : '',
    'Your learning path for the first weeks will follow shortly.',
    '',
    'See you soon!',
  ];
  return {
    to: hire.email,
    subject: `Welcome to the team, ${firstName}!`,
    text: lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n'),
  };
}

export function cancellationEmailFor(hire: NewHire): EmailMessage {
  return {
    to: hire.email,
    subject: 'Your onboarding has been cancelled',
    text: `Hi ${hire.fullName},\n\nYour onboarding as ${hire.role} starting ${hire.startDate} has been cancelled. Please disregard our earlier welcome email. If this is unexpected, reply to this message.`,
  };
}

export async function sendEmail(email: EmailService, message: EmailMessage, call: CallContext): Promise<WelcomeEmailResult> {
  const { id } = await email.send(message, call);
  return { messageId: id, to: message.to, subject: message.subject };
}

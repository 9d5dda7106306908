import { slackAnnouncementText, type NewHire, type SlackResult } from '../shared/contract';
import type { CallContext, SlackService } from '../integrations';

function slackCorrectionText(hire: Pick<NewHire, 'fullName' | 'employeeId'>): string {
  return `Correction: the onboarding of ${hire.fullName} (${hire.employeeId}) has been cancelled.`;
}

export async function postSlackMessage(slack: SlackService, channel: string, text: string, call: CallContext): Promise<SlackResult> {
  const posted = await slack.postMessage({ channel, text }, call);
  return { channel: posted.channel, ts: posted.ts, text };
}

export function announcementFor(hire: NewHire): { channel: string; text: string } {
  return { channel: hire.slackChannel, text: slackAnnouncementText(hire) };
}

export function correctionFor(hire: NewHire): { channel: string; text: string } {
  return { channel: hire.slackChannel, text: slackCorrectionText(hire) };
}

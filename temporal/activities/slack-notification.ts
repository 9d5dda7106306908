import type { NewHire, SlackResult } from '../shared/contract';
import { escapeSlackText, type CallContext, type SlackService } from '../integrations';

/**
 * The announcement as Slack receives it: the hire's fields escaped, so a name such as `<!channel>` or
 * `<https://evil.example|click>` shows as typed instead of pinging the channel or linking anywhere.
 */
export function slackAnnouncementText(hire: Pick<NewHire, 'fullName' | 'employeeId'>): string {
  return `New user ${escapeSlackText(hire.fullName)} (${escapeSlackText(hire.employeeId)}) has been onboarded!`;
}

export function slackCorrectionText(hire: Pick<NewHire, 'fullName' | 'employeeId'>): string {
  return `Correction: the onboarding of ${escapeSlackText(hire.fullName)} (${escapeSlackText(hire.employeeId)}) has been cancelled.`;
}

/** The result keeps the text as delivered (escaped), which is what the dashboard shows. */
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

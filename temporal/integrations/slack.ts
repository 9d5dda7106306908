import { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../shared/contract';
import type { CallContext, HttpClient } from './http';

export interface SlackMessage {
  channel: string;
  text: string;
}

export interface SlackService {
  postMessage(message: SlackMessage, call: CallContext): Promise<{ channel: string; ts: string }>;
}

// Slack answers 200 for most failures and says what went wrong in `error`.
const answerSchema = z.union([
  z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Slack errors that go away by themselves; everything else needs a person. */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout']);

/** `chat.postMessage` of the Slack Web API; the sandbox speaks the same shape. */
export function createHttpSlackService(http: HttpClient): SlackService {
  return {
    async postMessage(message, call) {
      const answer = answerSchema.safeParse(await http.request('POST', '/chat.postMessage', message, call));
      if (!answer.success) {
        throw ApplicationFailure.retryable('Slack answered in an unexpected shape', FAILURE_TYPES.invalidResponse);
      }
      const data = answer.data;
      if (data.ok) return { channel: data.channel, ts: data.ts };
      if (data.error === 'channel_not_found') {
        throw ApplicationFailure.nonRetryable(`Slack channel ${message.channel} not found`, FAILURE_TYPES.slackChannelNotFound);
      }
      if (TRANSIENT_SLACK_ERRORS.has(data.error)) {
        throw ApplicationFailure.retryable(`Slack is not accepting messages right now (${data.error})`, FAILURE_TYPES.transientHttp);
      }
      throw ApplicationFailure.nonRetryable(
        `Slack refused the message to ${message.channel}: ${data.error}`,
        FAILURE_TYPES.rejectedInput,
      );
    },
  };
}

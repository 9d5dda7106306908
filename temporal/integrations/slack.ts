import { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../shared/contract';
import type { CallContext, HttpClient } from './http';

export interface SlackMessage {
  channel: string;
  /** Slack `mrkdwn`: anything that came from a person must have gone through `escapeSlackText`. */
  text: string;
}

export interface SlackService {
  postMessage(message: SlackMessage, call: CallContext): Promise<{ channel: string; ts: string }>;
  /** The workspace's public channel names with '#' (conversations.list), for the assistant's diagnosis. */
  listChannels?(call: CallContext): Promise<string[]>;
}

const channelListSchema = z.union([
  z.object({
    ok: z.literal(true),
    channels: z.array(z.looseObject({ name: z.string() })),
    response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Enough pages for a large workspace; the diagnosis works with what it has beyond that. */
const MAX_CHANNEL_PAGES = 10;

/**
 * Text from a person (a hire's name) made inert for Slack: `&`, `<` and `>` are Slack's control
 * characters (`<!channel>`, `<@U123>`, `<https://evil|click>`), and Slack's formatting rules say to
 * send exactly these three as HTML entities, nothing else. Slack shows them as the typed characters.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack answers 200 for most failures and says what went wrong in `error`.
const answerSchema = z.union([
  z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Slack errors that go away by themselves; everything else needs a person. */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout']);

/** The bot token is wrong, gone or lacks a scope: an operator fixes SLACK_BOT_TOKEN or the app's scopes. */
const AUTH_SLACK_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  'org_login_required',
]);

/** A message a person can act on for the refusals that need one. */
function refusalMessage(error: string, channel: string): string {
  switch (error) {
    case 'not_in_channel':
      return `The Slack app is not a member of ${channel}: invite it to the channel, or retry with another channel`;
    case 'is_archived':
      return `Slack channel ${channel} is archived: retry with another channel`;
    case 'restricted_action':
    case 'cannot_reply_to_message':
      return `Slack does not let the app post in ${channel} (${error}): retry with another channel`;
    default:
      return `Slack refused the message to ${channel}: ${error}`;
  }
}

/**
 * `chat.postMessage` of the Slack Web API; the sandbox speaks the same shape. The text is posted with
 * Slack's own parsing of names and links switched off (`link_names`, `parse: none`) and without link
 * previews, so only markup we wrote (never a hire's field) can mention or link anything. Slack has no
 * idempotency key: see docs/services.md for what that means on a retry.
 */
export function createHttpSlackService(http: HttpClient): SlackService {
  return {
    async postMessage(message, call) {
      const body = { ...message, link_names: false, parse: 'none', unfurl_links: false, unfurl_media: false };
      const answer = answerSchema.safeParse(await http.request('POST', '/chat.postMessage', body, call));
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
      if (AUTH_SLACK_ERRORS.has(data.error)) {
        throw ApplicationFailure.nonRetryable(
          `Slack refused the bot token (${data.error}): check SLACK_BOT_TOKEN and that the app has the chat:write scope`,
          FAILURE_TYPES.authFailed,
        );
      }
      throw ApplicationFailure.nonRetryable(refusalMessage(data.error, message.channel), FAILURE_TYPES.rejectedInput);
    },
    async listChannels(call) {
      const names: string[] = [];
      let cursor = '';
      for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
        const query = `?exclude_archived=true&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const answer = channelListSchema.safeParse(await http.request('GET', `/conversations.list${query}`, undefined, call));
        if (!answer.success) {
          throw ApplicationFailure.retryable('Slack answered the channel list in an unexpected shape', FAILURE_TYPES.invalidResponse);
        }
        if (!answer.data.ok) {
          throw ApplicationFailure.nonRetryable(`Slack refused the channel list (${answer.data.error})`, FAILURE_TYPES.rejectedInput);
        }
        names.push(...answer.data.channels.map((channel) => `#${channel.name}`));
        cursor = answer.data.response_metadata?.next_cursor ?? '';
        if (!cursor) break;
      }
      return names;
    },
  };
}

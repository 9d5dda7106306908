import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { employeeIdSchema } from '@/temporal/shared/schemas';
import { fieldsFromIssues } from '@/server/api/body';
import type { chatRequestSchema, crmRequestSchema, emailRequestSchema, slackRequestSchema } from '@/contract/http';
import { learningPathFor, reviseLearningPath, revisionFromMessages, roleFromMessages } from './learning-paths';
import { DIAGNOSIS_MARKER } from '@/temporal/shared/diagnosis';
import type { ServiceOutcome } from './store';

/**
 * The four simulated services: each validates its request and says what it answers and delivers.
 * Faults and idempotency are the store's job, so these stay plain functions of their input.
 */

/** The workspace's channels: what chat.postMessage accepts and conversations.list answers. */
export const SLACK_CHANNELS = ['#onboarding-team', '#general', '#engineering', '#hr-onboarding'] as const;

/**
 * Misspelt domains the email service refuses with `422 mailbox_unavailable`, so the assistant's
 * "corrected domain" rule has something to correct (docs/assistant.md).
 */
export const MAILBOX_UNAVAILABLE_DOMAINS = ['exmaple.com', 'gmial.com', 'example.con'] as const;

function badRequest(issues: readonly z.core.$ZodIssue[]): ServiceOutcome {
  return {
    status: 400,
    body: { error: { code: 'invalid_input', message: 'The request is not valid for this service.', fields: fieldsFromIssues(issues) } },
  };
}

/** Parses `body`, or hands back the 400 the service answers. */
export function parseServiceRequest<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.output<S> } | { ok: false; outcome: ServiceOutcome } {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, outcome: badRequest(parsed.error.issues) };
}

// ----- email -----


/** Addresses in the reserved `.invalid` top-level domain (RFC 2606) bounce, to exercise permanent failures. */
export function sendEmail(message: z.output<typeof emailRequestSchema>): ServiceOutcome {
  if (/\.invalid$/i.test(message.to)) {
    return { status: 422, body: { error: { code: 'recipient_rejected', message: `Mailbox ${message.to} does not exist` } } };
  }
  const domain = message.to.slice(message.to.lastIndexOf('@') + 1).toLowerCase();
  if ((MAILBOX_UNAVAILABLE_DOMAINS as readonly string[]).includes(domain)) {
    return { status: 422, body: { error: { code: 'mailbox_unavailable', message: `No mail server accepts mail for ${domain}` } } };
  }
  const id = `msg_${randomUUID()}`;
  return { status: 200, body: { id }, delivery: { messageId: id, to: message.to, subject: message.subject, text: message.text } };
}

// ----- CRM -----


export function updateCrmContact(employeeId: string, update: z.output<typeof crmRequestSchema>): ServiceOutcome {
  if (!employeeIdSchema.safeParse(employeeId).success) {
    return { status: 404, body: { error: { code: 'not_found', message: `No contact ${employeeId}` } } };
  }
  return {
    status: 200,
    body: { employeeId, status: update.status },
    delivery: { ...update, employeeId, status: update.status },
  };
}

// ----- Slack -----


/** Slack answers 200 for its own errors, with `ok: false`; the channel may be given with or without '#'. */
export function postSlackMessage(message: z.output<typeof slackRequestSchema>, now: Date = new Date()): ServiceOutcome {
  const channel = message.channel.startsWith('#') ? message.channel : `#${message.channel}`;
  if (!(SLACK_CHANNELS as readonly string[]).includes(channel)) {
    return { status: 200, body: { ok: false, error: 'channel_not_found' } };
  }
  const ts = `${Math.floor(now.getTime() / 1000)}.${String(now.getTime() % 1000).padStart(3, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return { status: 200, body: { ok: true, channel, ts }, delivery: { channel, text: message.text, ts } };
}

/** `conversations.list`, Slack-shaped: the channels without '#', each with a stable made-up ID. */
export function listSlackChannels(): { ok: true; channels: { id: string; name: string }[] } {
  return {
    ok: true,
    channels: SLACK_CHANNELS.map((channel, index) => ({ id: `C${String(index + 1).padStart(8, '0')}`, name: channel.slice(1) })),
  };
}

// ----- LLM (OpenAI-compatible chat completions) -----


/** A rough token count (4 characters a token), so `usage` has figures the dashboard can show. */
function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function promptText(messages: readonly { content?: unknown }[]): string {
  return messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
}

function chatAnswer(request: z.output<typeof chatRequestSchema>, content: string, now: Date, delivery: Record<string, unknown>): ServiceOutcome {
  const id = `chatcmpl-${randomUUID()}`;
  const promptTokens = roughTokens(promptText(request.messages));
  const completionTokens = roughTokens(content);
  return {
    status: 200,
    body: {
      id,
      object: 'chat.completion',
      created: Math.floor(now.getTime() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
    delivery: { completionId: id, model: request.model, ...delivery },
  };
}

/**
 * The sandbox model. Three kinds of question, told apart by the messages:
 * - a diagnosis (a user message with a `BEGIN FAILURE DATA` block, temporal/activities/diagnosis.ts):
 *   answers "no safe fix" and keeps the prompt in the delivery, so tests can read what the model saw;
 * - a revision (`Previous draft: {...}` and `Feedback: ...` lines in the last user message): the draft
 *   with "add <topic>" / "remove <topic>" applied (server/sandbox/learning-paths.ts);
 * - otherwise a first draft for `Role: <role>`.
 */
export function completeChat(request: z.output<typeof chatRequestSchema>, now: Date = new Date()): ServiceOutcome {
  const prompt = promptText(request.messages);
  // Only our own system message marks a diagnosis: a hire's text in a user message cannot switch modes.
  if (request.messages.some((m) => m.role === 'system' && typeof m.content === 'string' && m.content.includes(DIAGNOSIS_MARKER))) {
    const content = JSON.stringify({
      summary: 'No safe fix found',
      cause: 'The sandbox model does not diagnose failures; a person should look at the step.',
      suggestion: null,
      confidence: 0.2,
    });
    return chatAnswer(request, content, now, { kind: 'diagnosis', prompt: prompt.slice(0, 8_000), text: 'no safe fix' });
  }
  const revision = revisionFromMessages(request.messages);
  if (revision && !revision.ok) {
    return { status: 400, body: { error: { code: 'invalid_input', message: revision.message } } };
  }
  if (revision?.ok) {
    const modules = reviseLearningPath(revision.draft, revision.feedback);
    const content = JSON.stringify({ modules });
    return chatAnswer(request, content, now, {
      kind: 'revision',
      // What the model saw, so tests can check nobody's text became instructions (docs/assistant.md).
      prompt: prompt.slice(0, 8_000),
      feedback: revision.feedback,
      text: modules.map((module) => `${module.title} (${module.durationHours} h)`).join('; '),
    });
  }
  const role = roleFromMessages(request.messages);
  if (role === undefined) {
    return {
      status: 400,
      body: { error: { code: 'invalid_input', message: "The user message must name the role as 'Role: <role>'" } },
    };
  }
  const path = learningPathFor(role);
  const content = JSON.stringify({ modules: path.modules });
  return chatAnswer(request, content, now, {
    kind: 'draft',
    prompt: prompt.slice(0, 8_000),
    role,
    catalogRole: path.known ? path.role : null,
    text: path.modules.map((module) => `${module.title} (${module.durationHours} h)`).join('; '),
  });
}

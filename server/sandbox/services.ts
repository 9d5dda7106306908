import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { employeeIdSchema } from '@/temporal/shared/schemas';
import { fieldsFromIssues } from '@/server/api/body';
import type { chatRequestSchema, crmRequestSchema, emailRequestSchema, slackRequestSchema } from '@/contract/http';
import { learningPathFor, roleFromMessages } from './learning-paths';
import type { ServiceOutcome } from './store';

/**
 * The four simulated services: each validates its request and says what it answers and delivers.
 * Faults and idempotency are the store's job, so these stay plain functions of their input.
 */

const SLACK_CHANNELS = ['#onboarding-team', '#general', '#engineering'] as const;

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

// ----- LLM (OpenAI-compatible chat completions) -----


export function completeChat(request: z.output<typeof chatRequestSchema>, now: Date = new Date()): ServiceOutcome {
  const role = roleFromMessages(request.messages);
  if (role === undefined) {
    return {
      status: 400,
      body: { error: { code: 'invalid_input', message: "The user message must name the role as 'Role: <role>'" } },
    };
  }
  const path = learningPathFor(role);
  const content = JSON.stringify({ modules: path.modules });
  const id = `chatcmpl-${randomUUID()}`;
  return {
    status: 200,
    body: {
      id,
      object: 'chat.completion',
      created: Math.floor(now.getTime() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    },
    delivery: {
      completionId: id,
      model: request.model,
      role,
      catalogRole: path.known ? path.role : null,
      text: path.modules.map((module) => `${module.title} (${module.durationHours} h)`).join('; '),
    },
  };
}

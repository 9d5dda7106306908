/**
 * The integrations against a real local HTTP server: how each answer is classified, what every call
 * carries, timeouts and cancellation, and what happens to LLM answers that do not validate.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, parseRetryAfter } from '../../temporal/integrations/http';
import { createHttpSlackService } from '../../temporal/integrations/slack';
import { createHttpEmailService } from '../../temporal/integrations/email';
import { createOpenAiLlmService } from '../../temporal/integrations/llm';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; body: unknown; delayMs?: number; headers?: Record<string, string> };

let server: http.Server;
let baseUrl: string;
let seen: Seen[] = [];
let replies: Reply[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift() ?? { status: 200, body: {} };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  replies = [];
});

const call = { idempotencyKey: 'onboarding-e1:run-1:welcome-email' };

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('HTTP client', () => {
  // Short only where the timeout is the point: a loaded machine can take a few hundred ms to answer the first call.
  const client = (timeoutMs = 5_000) =>
    createHttpClient({ serviceName: 'Email service', baseUrl: `${baseUrl}/api/sandbox/email`, bearerToken: 'secret', timeoutMs });

  it('sends the idempotency key, the bearer token and a JSON body', async () => {
    replies.push({ status: 200, body: { id: 'm1' } });
    await expect(client().request('POST', '/send', { to: 'a@example.com' }, call)).resolves.toEqual({ id: 'm1' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/sandbox/email/send', body: '{"to":"a@example.com"}' });
    expect(seen[0]?.headers['idempotency-key']).toBe('onboarding-e1:run-1:welcome-email');
    expect(seen[0]?.headers.authorization).toBe('Bearer secret');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it.each([
    [408, 'transient', false],
    [429, 'transient', false],
    [500, 'transient', false],
    [502, 'transient', false],
    [503, 'transient', false],
    [400, 'permanent', true],
    [404, 'permanent', true],
    [409, 'permanent', true],
    [422, 'permanent', true],
  ])('HTTP %i is %s', async (status, _kind, nonRetryable) => {
    replies.push({ status, body: { error: { code: 'x', message: 'the service says why' } } });
    const failure = await failureOf(client().request('POST', '/send', {}, call));
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.type).toBe(nonRetryable ? 'PermanentHttpError' : 'TransientHttpError');
    expect(failure.message).toBe(`Email service answered HTTP ${status}: the service says why`);
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it('keeps e-mail addresses the service quotes out of the failure message', async () => {
    replies.push({ status: 422, body: { error: { code: 'recipient_rejected', message: 'Mailbox zoe@example.invalid does not exist' } } });
    const failure = await failureOf(client().request('POST', '/send', {}, call));
    expect(failure.message).toBe('Email service answered HTTP 422: Mailbox <address> does not exist');
  });

  it.each([401, 403])('HTTP %i is a refused credential: permanent, naming the variable to check', async (status) => {
    replies.push({ status, body: { error: { message: 'bad token' } } });
    const withHint = createHttpClient({ serviceName: 'CRM', baseUrl, bearerToken: 'k', credentialVariable: 'CRM_API_KEY' });
    const failure = await failureOf(withHint.request('PUT', '/contacts/e1', {}, call));
    expect(failure).toMatchObject({ type: 'ServiceAuthFailed', nonRetryable: true, message: `CRM answered HTTP ${status}: bad token (check CRM_API_KEY)` });
  });

  it.each([
    ['delay-seconds', '7', 7_000],
    ['zero', '0', 0],
    ['an HTTP date', () => new Date(Date.now() + 20_000).toUTCString(), 20_000],
  ])('a Retry-After given as %s becomes the next retry delay', async (_form, value, expectedMs) => {
    replies.push({ status: 429, body: { error: 'slow down' }, headers: { 'retry-after': typeof value === 'function' ? value() : value } });
    const failure = await failureOf(client().request('POST', '/send', {}, call));
    expect(failure).toMatchObject({ type: 'TransientHttpError', nonRetryable: false });
    expect(failure.message).toMatch(/^Email service answered HTTP 429: slow down \(retry after \d+m?s\)$/);
    // An HTTP date has one-second resolution.
    expect(Number(failure.nextRetryDelay)).toBeGreaterThanOrEqual(Math.max(expectedMs - 1_000, 0));
    expect(Number(failure.nextRetryDelay)).toBeLessThanOrEqual(expectedMs);
  });

  it('ignores a Retry-After it cannot read and caps a very long one', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('86400')).toBe(3_600_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0);
  });

  it('treats a service that does not answer in time as transient', async () => {
    replies.push({ status: 200, body: {}, delayMs: 1_000 });
    const failure = await failureOf(client(300).request('POST', '/send', {}, call));
    expect(failure).toMatchObject({ type: 'ServiceTimeout', nonRetryable: false });
  });

  it('treats a service that cannot be reached as transient', async () => {
    const spare = http.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const closed = createHttpClient({ serviceName: 'CRM', baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1_000 });
    const failure = await failureOf(closed.request('PUT', '/contacts/e1', {}, call));
    expect(failure).toMatchObject({ type: 'NetworkError', nonRetryable: false });
    expect(failure.message).toMatch(/^CRM could not be reached: ECONNREFUSED/);
  });

  it('lets a cancellation through as the cancellation', async () => {
    replies.push({ status: 200, body: {}, delayMs: 1_000 });
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = client().request('POST', '/send', {}, { ...call, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('services', () => {
  it('email: answers without an id are retried', async () => {
    replies.push({ status: 200, body: { ok: true } });
    const email = createHttpEmailService(createHttpClient({ serviceName: 'Email service', baseUrl }));
    const failure = await failureOf(email.send({ to: 'a@example.com', subject: 's', text: 't' }, call));
    expect(failure).toMatchObject({ type: 'InvalidServiceResponse', nonRetryable: false });
  });

  it('slack: an unknown channel is a permanent failure a person can act on', async () => {
    replies.push({ status: 200, body: { ok: false, error: 'channel_not_found' } });
    const slack = createHttpSlackService(createHttpClient({ serviceName: 'Slack', baseUrl }));
    const failure = await failureOf(slack.postMessage({ channel: '#onbording', text: 'hi' }, call));
    expect(failure).toMatchObject({ message: 'Slack channel #onbording not found', type: 'SlackChannelNotFound', nonRetryable: true });
    expect(seen[0]?.url).toBe('/chat.postMessage');
  });

  it('slack: ok answers give channel and ts; rate limiting is transient', async () => {
    replies.push({ status: 200, body: { ok: true, channel: 'C1', ts: '1.2' } }, { status: 200, body: { ok: false, error: 'ratelimited' } });
    const slack = createHttpSlackService(createHttpClient({ serviceName: 'Slack', baseUrl }));
    await expect(slack.postMessage({ channel: '#general', text: 'hi' }, call)).resolves.toEqual({ channel: 'C1', ts: '1.2' });
    const failure = await failureOf(slack.postMessage({ channel: '#general', text: 'hi' }, call));
    expect(failure.nonRetryable).toBe(false);
  });
});

describe('LLM', () => {
  const completion = (content: string) => ({
    id: 'c1',
    object: 'chat.completion',
    created: 1,
    model: 'test-model',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
  });
  const validPath = JSON.stringify({ modules: [{ title: 'Codebase tour', durationHours: 3, why: 'Know your way around' }] });
  const llm = () => createOpenAiLlmService({ baseUrl: `${baseUrl}/v1`, apiKey: 'sandbox', model: 'test-model', timeoutMs: 1_000 });
  const llmCall = { idempotencyKey: 'onboarding-e1:run-1:learning-path' };

  it('returns a validated learning path, sending the idempotency key', async () => {
    replies.push({ status: 200, body: completion(`\`\`\`json\n${validPath}\n\`\`\``) });
    const answer = await llm().generateLearningPath({ role: 'Software Engineer' }, llmCall);
    expect(answer.path.modules[0]?.title).toBe('Codebase tour');
    expect(seen[0]?.url).toBe('/v1/chat/completions');
    expect(seen[0]?.headers['idempotency-key']).toBe('onboarding-e1:run-1:learning-path');
    expect(seen).toHaveLength(1);
  });

  it('asks again with a new key when an answer does not validate', async () => {
    replies.push({ status: 200, body: completion('not json') }, { status: 200, body: completion('{"modules": []}') }, { status: 200, body: completion(validPath) });
    await expect(llm().generateLearningPath({ role: 'Accountant' }, llmCall)).resolves.toMatchObject({ model: 'test-model' });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual([
      'onboarding-e1:run-1:learning-path',
      'onboarding-e1:run-1:learning-path:ask-2',
      'onboarding-e1:run-1:learning-path:ask-3',
    ]);
  });

  it('gives up with a permanent InvalidLlmOutput after three bad answers', async () => {
    replies.push(...Array.from({ length: 3 }, () => ({ status: 200, body: completion('{"modules": "none"}') })));
    const failure = await failureOf(llm().generateLearningPath({ role: 'Accountant' }, llmCall));
    expect(failure).toMatchObject({ type: 'InvalidLlmOutput', nonRetryable: true });
    expect(seen).toHaveLength(3);
  });

  it('classifies HTTP failures like the other services, without retrying inside the client', async () => {
    replies.push({ status: 503, body: { error: { message: 'overloaded' } } });
    const failure = await failureOf(llm().generateLearningPath({ role: 'Accountant' }, llmCall));
    expect(failure).toMatchObject({ type: 'TransientHttpError', nonRetryable: false });
    expect(seen).toHaveLength(1);
    replies.push({ status: 401, body: { error: { message: 'bad key' } } });
    expect(await failureOf(llm().generateLearningPath({ role: 'Accountant' }, llmCall))).toMatchObject({
      type: 'ServiceAuthFailed',
      nonRetryable: true,
      message: 'The learning-path model answered HTTP 401: bad key (check LLM_API_KEY)',
    });
    replies.push({ status: 400, body: { error: { message: 'bad request' } } });
    expect(await failureOf(llm().generateLearningPath({ role: 'Accountant' }, llmCall))).toMatchObject({
      type: 'PermanentHttpError',
      nonRetryable: true,
    });
    replies.push({ status: 429, body: { error: { message: 'rate limited' } }, headers: { 'retry-after': '12' } });
    expect(await failureOf(llm().generateLearningPath({ role: 'Accountant' }, llmCall))).toMatchObject({
      type: 'TransientHttpError',
      nextRetryDelay: 12_000,
    });
  });
});

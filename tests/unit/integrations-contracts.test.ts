/**
 * Contract tests of the real Slack and CRM adapters, chosen by configuration as the worker chooses
 * them (SANDBOX=off), against protocol-faithful fakes on 127.0.0.1: the Slack Web API's
 * `chat.postMessage` (answers 200 with `ok: false` for its own errors, 429 with Retry-After when rate
 * limited, parses `<...>` markup) and the CRM contract of docs/services.md (Bearer key, required
 * Idempotency-Key with replay, 409 while the same key is in progress).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../temporal/integrations';
import { createActivities } from '../../temporal/activities';
import type { NewHire } from '../../temporal/shared/contract';

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

// ----- a fake Slack Web API -----

const BOT_TOKEN = 'xoxb-test-token';
const CHANNELS: Record<string, 'ok' | 'archived' | 'not_member'> = { '#general': 'ok', '#old-news': 'archived', '#private': 'not_member' };

interface SlackPost {
  channel: string;
  text: string;
  link_names?: unknown;
  parse?: unknown;
  unfurl_links?: unknown;
}

/**
 * What Slack's client would make of a message: `<!channel>`-style mentions, `<url|label>` links and
 * `<@U…>` user mentions come from `<...>` markup; `&amp;` `&lt;` `&gt;` show as the characters.
 */
function renderSlack(text: string): { mentions: string[]; links: string[]; shown: string } {
  const mentions: string[] = [];
  const links: string[] = [];
  const shown = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('!') || target.startsWith('@')) mentions.push(target);
    else links.push(target);
    return label ?? target;
  });
  return { mentions, links, shown: shown.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') };
}

const slack = { posts: [] as SlackPost[], rateLimitedFor: 0 };
let slackServer: http.Server;
let slackUrl: string;

// ----- a fake CRM (docs/services.md) -----

const CRM_KEY = 'crm-secret';
interface StoredAnswer {
  body: string;
  status: number;
  answer: unknown;
}
const crm = {
  contacts: new Map<string, string>(),
  updates: 0,
  idempotency: new Map<string, StoredAnswer | 'in-progress'>(),
  /** The next call does its work, then its answer is lost (the connection is cut). */
  loseNextAnswer: false,
  /** The next calls answer 503 with this Retry-After. */
  overloadedWithRetryAfter: undefined as string | undefined,
  /** Milliseconds the next call takes. */
  slowNext: 0,
};
let crmServer: http.Server;
let crmUrl: string;

beforeAll(async () => {
  ({ server: slackServer, url: slackUrl } = await listen((req, res) => {
    void readBody(req).then((raw) => {
      if (req.method !== 'POST' || req.url !== '/api/chat.postMessage') return json(res, 404, { ok: false, error: 'unknown_method' });
      const auth = req.headers.authorization;
      if (!auth) return json(res, 200, { ok: false, error: 'not_authed' });
      if (auth !== `Bearer ${BOT_TOKEN}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
      if (slack.rateLimitedFor > 0) {
        slack.rateLimitedFor--;
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '3' });
      }
      if (!req.headers['content-type']?.startsWith('application/json')) return json(res, 200, { ok: false, error: 'invalid_arguments' });
      const post = JSON.parse(raw) as SlackPost;
      const channel = CHANNELS[post.channel];
      if (!channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
      if (channel === 'archived') return json(res, 200, { ok: false, error: 'is_archived' });
      if (channel === 'not_member') return json(res, 200, { ok: false, error: 'not_in_channel' });
      slack.posts.push(post);
      json(res, 200, { ok: true, channel: 'C024BE91L', ts: `1700000000.00000${slack.posts.length}` });
    });
  }));

  ({ server: crmServer, url: crmUrl } = await listen((req, res) => {
    void readBody(req).then(async (raw) => {
      const match = /^\/v1\/contacts\/([^/]+)$/.exec(req.url ?? '');
      if (req.method !== 'PUT' || !match) return json(res, 404, { error: { code: 'not_found', message: 'No such route' } });
      if (req.headers.authorization !== `Bearer ${CRM_KEY}`) return json(res, 401, { error: { code: 'unauthorized', message: 'Invalid API key' } });
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key === '') return json(res, 400, { error: { code: 'idempotency_key_missing', message: 'Idempotency-Key is required' } });
      if (crm.overloadedWithRetryAfter !== undefined) {
        return json(res, 503, { error: { code: 'overloaded', message: 'Try again later' } }, { 'retry-after': crm.overloadedWithRetryAfter });
      }
      const previous = crm.idempotency.get(key);
      if (previous === 'in-progress') return json(res, 409, { error: { code: 'idempotency_in_progress', message: 'A request with this key is in progress' } });
      if (previous) {
        if (previous.body !== raw) return json(res, 422, { error: { code: 'idempotency_key_reused', message: 'This key was used with another body' } });
        return json(res, previous.status, previous.answer, { 'idempotent-replayed': 'true' });
      }
      const update = JSON.parse(raw) as { status?: unknown };
      if (update.status !== 'onboarded' && update.status !== 'cancelled') {
        return json(res, 422, { error: { code: 'invalid_status', message: 'status must be onboarded or cancelled' } });
      }
      crm.idempotency.set(key, 'in-progress');
      if (crm.slowNext) await new Promise((resolve) => setTimeout(resolve, crm.slowNext));
      crm.slowNext = 0;
      const employeeId = decodeURIComponent(match[1] ?? '');
      crm.contacts.set(employeeId, update.status);
      crm.updates++;
      const answer = { employeeId, status: update.status };
      crm.idempotency.set(key, { body: raw, status: 200, answer });
      if (crm.loseNextAnswer) {
        crm.loseNextAnswer = false;
        return req.socket.destroy();
      }
      json(res, 200, answer);
    });
  }));
});

afterAll(async () => {
  await Promise.all([close(slackServer), close(crmServer)]);
});

beforeEach(() => {
  slack.posts = [];
  slack.rateLimitedFor = 0;
  Object.assign(crm, { contacts: new Map(), updates: 0, idempotency: new Map(), loseNextAnswer: false, overloadedWithRetryAfter: undefined, slowNext: 0 });
});

function realServices(overrides: { botToken?: string; crmKey?: string } = {}): Services {
  return createServices({
    appUrl: 'http://127.0.0.1:1',
    sandbox: false,
    llm: { baseUrl: 'http://127.0.0.1:1/v1', model: 'unused' },
    email: { url: 'http://127.0.0.1:1' },
    crm: { url: `${crmUrl}/v1`, apiKey: overrides.crmKey ?? CRM_KEY },
    slack: { url: `${slackUrl}/api`, botToken: overrides.botToken ?? BOT_TOKEN },
    timeoutMs: 2_000,
  });
}

const hostileHire: NewHire = {
  employeeId: 'e-42',
  fullName: '<!channel> Bob & <https://evil.example|click here> <@U0ADMIN>',
  email: 'bob@example.com',
  role: 'Engineer',
  startDate: '2026-12-01',
  slackChannel: '#general',
};

function activityEnvironment() {
  return new MockActivityEnvironment(
    { attempt: 1, workflowExecution: { workflowId: 'onboarding-e-42', runId: 'run-1' }, retryPolicy: { maximumAttempts: 3 } },
    { logger: new DefaultLogger('ERROR') },
  );
}

describe('Slack Web API (SLACK_BOT_TOKEN)', () => {
  it('announces a hire whose name is markup without mentioning anyone or linking anywhere', async () => {
    const activities = createActivities(realServices());
    const result = await activityEnvironment().run((hire: NewHire) => activities.postSlackAnnouncement(hire), hostileHire);

    expect(slack.posts).toHaveLength(1);
    const [post] = slack.posts;
    expect(post).toMatchObject({ channel: '#general', link_names: false, parse: 'none', unfurl_links: false });
    const rendered = renderSlack(post?.text ?? '');
    expect(rendered.mentions).toEqual([]);
    expect(rendered.links).toEqual([]);
    // A person in the channel reads exactly what HR typed.
    expect(rendered.shown).toBe(`New user ${hostileHire.fullName} (e-42) has been onboarded!`);
    // The dashboard keeps the text as delivered.
    expect((result as { value: unknown }).value).toEqual({ channel: 'C024BE91L', ts: '1700000000.000001', text: post?.text });
    expect(post?.text).toBe('New user &lt;!channel&gt; Bob &amp; &lt;https://evil.example|click here&gt; &lt;@U0ADMIN&gt; (e-42) has been onboarded!');
  });

  it('escapes the cancellation correction too', async () => {
    const activities = createActivities(realServices());
    await activityEnvironment().run((hire: NewHire) => activities.postSlackCorrection(hire), hostileHire);
    expect(renderSlack(slack.posts[0]?.text ?? '')).toMatchObject({ mentions: [], links: [] });
  });

  it('waits as long as Slack asks when rate limited (Retry-After → the next retry delay)', async () => {
    slack.rateLimitedFor = 1;
    const activities = createActivities(realServices());
    const failure = await failureOf(activityEnvironment().run((hire: NewHire) => activities.postSlackAnnouncement(hire), hostileHire));
    expect(failure).toMatchObject({ type: 'TransientHttpError', nonRetryable: false, nextRetryDelay: 3_000, details: [{ attempt: 1 }] });
    expect(failure.message).toBe('Slack answered HTTP 429: ratelimited (retry after 3s)');
    expect(slack.posts).toHaveLength(0);
  });

  it('classes a token Slack does not accept as permanent, naming SLACK_BOT_TOKEN', async () => {
    const failure = await failureOf(realServices({ botToken: 'xoxb-wrong' }).slack.postMessage({ channel: '#general', text: 'hi' }, { idempotencyKey: 'k' }));
    expect(failure).toMatchObject({
      type: 'ServiceAuthFailed',
      nonRetryable: true,
      message: 'Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN and that the app has the chat:write scope',
    });
    expect(slack.posts).toHaveLength(0);
  });

  it.each([
    ['#onbording', 'SlackChannelNotFound', 'Slack channel #onbording not found'],
    ['#old-news', 'RejectedInput', 'Slack channel #old-news is archived: retry with another channel'],
    ['#private', 'RejectedInput', 'The Slack app is not a member of #private: invite it to the channel, or retry with another channel'],
  ])('classes posting to %s as permanent with a message a person can act on', async (channel, type, message) => {
    const failure = await failureOf(realServices().slack.postMessage({ channel, text: 'hi' }, { idempotencyKey: 'k' }));
    expect(failure).toMatchObject({ type, nonRetryable: true, message });
  });
});

describe('CRM REST (CRM_API_URL, CRM_API_KEY)', () => {
  const call = { idempotencyKey: 'onboarding-e-42:run-1:crm-update' };

  it('sets the status with PUT /contacts/:employeeId, the key and the idempotency key', async () => {
    await expect(realServices().crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call)).resolves.toEqual({ employeeId: 'e-42', status: 'onboarded' });
    expect(crm.contacts.get('e-42')).toBe('onboarded');
    expect(crm.updates).toBe(1);
  });

  it('updates once when an answer is lost and the attempt is retried with the same key', async () => {
    const services = realServices();
    crm.loseNextAnswer = true;
    const lost = await failureOf(services.crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call));
    expect(lost).toMatchObject({ type: 'NetworkError', nonRetryable: false });
    await expect(services.crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call)).resolves.toEqual({ employeeId: 'e-42', status: 'onboarded' });
    expect(crm.updates).toBe(1);
  });

  it('retries (409) while a request with the same key is still in progress', async () => {
    const services = realServices();
    crm.slowNext = 300;
    const first = services.crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await failureOf(services.crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call));
    expect(second).toMatchObject({ type: 'TransientHttpError', nonRetryable: false });
    expect(second.message).toBe('CRM answered HTTP 409: A request with this key is in progress');
    await first;
    expect(crm.updates).toBe(1);
  });

  it('classes a refused key as permanent, naming CRM_API_KEY', async () => {
    const failure = await failureOf(realServices({ crmKey: 'wrong' }).crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call));
    expect(failure).toMatchObject({ type: 'ServiceAuthFailed', nonRetryable: true, message: 'CRM answered HTTP 401: Invalid API key (check CRM_API_KEY)' });
    expect(crm.updates).toBe(0);
  });

  it('classes a rejected body (422) as permanent', async () => {
    const failure = await failureOf(realServices().crm.setStatus({ employeeId: 'e-42', status: 'archived' as 'onboarded' }, call));
    expect(failure).toMatchObject({ type: 'PermanentHttpError', nonRetryable: true, message: 'CRM answered HTTP 422: status must be onboarded or cancelled' });
  });

  it('waits as long as the CRM asks when overloaded (503 with Retry-After)', async () => {
    crm.overloadedWithRetryAfter = '2';
    const failure = await failureOf(realServices().crm.setStatus({ employeeId: 'e-42', status: 'onboarded' }, call));
    expect(failure).toMatchObject({ type: 'TransientHttpError', nonRetryable: false, nextRetryDelay: 2_000 });
  });
});

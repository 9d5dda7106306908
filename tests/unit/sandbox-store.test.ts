import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxStore, type ServiceOutcome } from '@/server/sandbox/store';
import { completeChat, postSlackMessage, sendEmail } from '@/server/sandbox/services';
import { learningPathFor, roleFromMessages } from '@/server/sandbox/learning-paths';
import { learningPathSchema } from '@/temporal/shared/schemas';
import { ApplicationFailure } from '@temporalio/common';
import { SANDBOX_SERVICES, SEED_FAULTS } from '@/contract/sandbox-services';
import { createHttpClient } from '@/temporal/integrations/http';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const email = (n = 1) => () => sendEmail({ to: `hire${n}@example.com`, subject: 'Welcome', text: 'Hello' });

describe('SandboxStore idempotency', () => {
  it('a repeated successful call returns the first answer and delivers nothing new', async () => {
    const store = new SandboxStore(dir);
    const first = await store.handle('email', 'wf:run:welcome-email', email(1));
    const again = await store.handle('email', 'wf:run:welcome-email', email(2));
    expect(again).toEqual(first);
    expect(store.state().deliveries.email).toHaveLength(1);
    expect(store.state().deliveries.email[0]).toMatchObject({ idempotencyKey: 'wf:run:welcome-email', to: 'hire1@example.com' });
  });

  it('calls without a key, or with different keys, each deliver', async () => {
    const store = new SandboxStore(dir);
    await store.handle('email', null, email());
    await store.handle('email', null, email());
    await store.handle('email', 'a', email());
    await store.handle('email', 'b', email());
    expect(store.state().deliveries.email).toHaveLength(4);
  });

  it('concurrent calls with one key wait for the first and share its answer', async () => {
    const store = new SandboxStore(dir);
    let performed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowSend = async (): Promise<ServiceOutcome> => {
      performed++;
      await gate;
      return sendEmail({ to: 'a@example.com', subject: 's', text: 't' });
    };
    const calls = [store.handle('email', 'k', slowSend), store.handle('email', 'k', slowSend), store.handle('email', 'k', slowSend)];
    release();
    const answers = await Promise.all(calls);
    expect(performed).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(store.state().deliveries.email).toHaveLength(1);
  });

  it('a failed first call lets the next one with the same key try again', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'email', failNext: 1 });
    expect((await store.handle('email', 'k', email())).status).toBe(503);
    expect((await store.handle('email', 'k', email())).status).toBe(200);
    expect(store.state().deliveries.email).toHaveLength(1);
  });
});

describe('SandboxStore faults', () => {
  it('failNext fails that many calls with 503 and the envelope, then recovers', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'email', failNext: 2 });
    const first = await store.handle('email', null, email());
    expect(first).toEqual({
      status: 503,
      body: { error: { code: 'simulated_outage', message: 'Simulated outage of the email service (failing the next 2 calls)' } },
    });
    expect((await store.handle('email', null, email())).status).toBe(503);
    expect((await store.handle('email', null, email())).status).toBe(200);
    expect(store.faultsFor('email').failNext).toBe(0);
    expect(store.state().deliveries.email).toHaveLength(1);
  });

  it('permanent faults answer 422; faults of one service leave the others alone', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'slack', failNext: 1, permanent: true });
    expect((await store.handle('email', null, email())).status).toBe(200);
    expect((await store.handle('slack', null, () => postSlackMessage({ channel: '#general', text: 'x' }))).status).toBe(422);
  });

  it('failRate uses the coin; latency is waited before anything else', async () => {
    const waits: number[] = [];
    const coins = [0.1, 0.9];
    const store = new SandboxStore(dir, { random: () => coins.shift() ?? 1, sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    store.updateFaults({ service: 'crm', failRate: 0.5, latencyMs: 250 });
    const crm = () => ({ status: 200, body: { ok: 1 }, delivery: { employeeId: 'E1', status: 'onboarded' } });
    expect((await store.handle('crm', null, crm)).status).toBe(503);
    expect((await store.handle('crm', null, crm)).status).toBe(200);
    expect(waits).toEqual([250, 250]);
  });

  it('a caller that hangs up during the latency finds nothing delivered, and its key is still free', async () => {
    const hangUp = new AbortController();
    const store = new SandboxStore(dir, { sleep: () => (hangUp.abort(), Promise.resolve()) });
    store.updateFaults({ service: 'crm', latencyMs: 9000 });
    const crm = () => ({ status: 200, body: { ok: 1 }, delivery: { employeeId: 'E1', status: 'onboarded' } });
    expect((await store.handle('crm', 'wf:run:crm-update', crm, hangUp.signal)).status).toBe(499);
    expect(store.state().deliveries.crm).toEqual([]);
    expect((await store.handle('crm', 'wf:run:crm-update', crm, new AbortController().signal)).status).toBe(200);
    expect(store.state().deliveries.crm).toHaveLength(1);
  });

  it('updating faults changes only the given fields', () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'llm', failRate: 0.1, latencyMs: 10 });
    expect(store.updateFaults({ service: 'llm', permanent: true })).toEqual({ failNext: 0, failRate: 0.1, latencyMs: 10, permanent: true, after: false, kind: 'unavailable' });
  });

  it('a transient failure answers by its kind: 503 outage, 504 timeout, 500 runtime error', async () => {
    const store = new SandboxStore(dir);
    const crm = () => ({ status: 200, body: { ok: 1 }, delivery: { employeeId: 'E1', status: 'onboarded' } });
    store.updateFaults({ service: 'crm', failNext: 1, kind: 'timeout' });
    expect(await store.handle('crm', null, crm)).toEqual({
      status: 504,
      body: { error: { code: 'simulated_timeout', message: 'Simulated timeout: the crm service did not answer in time (failing this call)' } },
    });
    store.updateFaults({ service: 'crm', failNext: 1, kind: 'error' });
    expect(await store.handle('crm', null, crm)).toEqual({
      status: 500,
      body: { error: { code: 'simulated_error', message: 'Simulated runtime error in the crm service (failing this call)' } },
    });
    store.updateFaults({ service: 'crm', failNext: 1, kind: 'unavailable' });
    expect((await store.handle('crm', null, crm)).status).toBe(503);
    // Permanent wins over the kind.
    store.updateFaults({ service: 'crm', failNext: 1, kind: 'timeout', permanent: true });
    expect((await store.handle('crm', null, crm)).status).toBe(422);
    expect(store.state().deliveries.crm).toEqual([]);
  });

  it('faults saved before kinds existed load as outages', () => {
    appendFileSync(
      path.join(dir, 'faults.jsonl'),
      `${JSON.stringify({ type: 'faults', service: 'slack', settings: { failNext: 3, failRate: 0, latencyMs: 0, permanent: false } })}\n`,
    );
    expect(new SandboxStore(dir).faultsFor('slack')).toEqual({ failNext: 3, failRate: 0, latencyMs: 0, permanent: false, after: false, kind: 'unavailable' });
  });
});

describe('the seed preset, as the activities see it', () => {
  // Every coin lands on "fail", so each service shows the failure the seed's author saw at its rate.
  async function failureSeenBy(service: (typeof SANDBOX_SERVICES)[number]) {
    const store = new SandboxStore(dir, { random: () => 0 });
    store.updateFaults({ service, ...SEED_FAULTS[service] });
    const client = createHttpClient({
      serviceName: `${service} service`,
      baseUrl: 'http://sandbox.test',
      fetchImpl: async () => {
        const answer = await store.handle(service, 'wf:run:step', () => ({ status: 200, body: {} }));
        return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
      },
    });
    const failure: unknown = await client.request('POST', '/call', {}, { idempotencyKey: 'wf:run:step' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    return failure as ApplicationFailure;
  }

  it('has the seed rates: email 20%, LLM 10%, CRM 5%, Slack 15%', () => {
    expect(Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, SEED_FAULTS[s].failRate]))).toEqual({ email: 0.2, llm: 0.1, crm: 0.05, slack: 0.15 });
  });

  it('makes the learning path fail for good (the seed\'s ValueError) and the others retry', async () => {
    const llm = await failureSeenBy('llm');
    expect(llm.nonRetryable).toBe(true);
    expect(llm.message).toContain('HTTP 422');

    const crm = await failureSeenBy('crm');
    expect(crm.nonRetryable).toBe(false);
    expect(crm.message).toBe('crm service answered HTTP 504: Simulated timeout: the crm service did not answer in time (failing 5% of calls)');

    const slack = await failureSeenBy('slack');
    expect(slack.nonRetryable).toBe(false);
    expect(slack.message).toBe('slack service answered HTTP 500: Simulated runtime error in the slack service (failing 15% of calls)');

    const email = await failureSeenBy('email');
    expect(email.nonRetryable).toBe(false);
    expect(email.message).toContain('HTTP 503: Simulated outage of the email service (failing 20% of calls)');
  });
});

describe('SandboxStore persistence', () => {
  it('reloads deliveries, idempotency records and faults after a restart', async () => {
    const before = new SandboxStore(dir);
    const first = await before.handle('email', 'k', email(1));
    before.updateFaults({ service: 'slack', failRate: 0.15 });
    const after = new SandboxStore(dir);
    expect(after.state()).toEqual(before.state());
    expect(await after.handle('email', 'k', email(2))).toEqual(first);
    expect(after.state().deliveries.email).toHaveLength(1);
  });

  it('skips a torn last line instead of failing to start', async () => {
    const store = new SandboxStore(dir);
    await store.handle('email', 'k', email());
    appendFileSync(path.join(dir, 'email.jsonl'), '{"type":"deliv');
    expect(new SandboxStore(dir).state().deliveries.email).toHaveLength(1);
  });

  it('reset clears everything, on disk too', async () => {
    const store = new SandboxStore(dir);
    await store.handle('email', 'k', email());
    store.updateFaults({ service: 'email', failNext: 3 });
    store.reset();
    expect(readFileSync(path.join(dir, 'email.jsonl'), 'utf8')).toBe('');
    const reloaded = new SandboxStore(dir);
    expect(reloaded.state().deliveries.email).toEqual([]);
    expect(reloaded.faultsFor('email').failNext).toBe(0);
    expect((await reloaded.handle('email', 'k', email())).status).toBe(200);
    expect(reloaded.state().deliveries.email).toHaveLength(1);
  });

  it('ignores records that do not fit the schema', () => {
    writeFileSync(path.join(dir, 'faults.jsonl'), '{"type":"faults","service":"email","settings":{"failNext":-1}}\n');
    expect(new SandboxStore(dir).faultsFor('email').failNext).toBe(0);
  }, 60_000);
});

describe('simulated services', () => {
  it('Slack knows three channels and answers channel_not_found for others', () => {
    expect(postSlackMessage({ channel: '#onbording', text: 'x' })).toEqual({ status: 200, body: { ok: false, error: 'channel_not_found' } });
    expect(postSlackMessage({ channel: 'general', text: 'x' }).body).toMatchObject({ ok: true, channel: '#general' });
  });

  it('the LLM answers a valid learning path for known and unknown roles', () => {
    for (const role of ['Software Engineer', 'data scientist', 'Astronaut']) {
      const outcome = completeChat({ model: 'm', messages: [{ role: 'user', content: `Role: ${role}` }] });
      const body = outcome.body as { choices: { message: { content: string } }[] };
      const content = body.choices[0]?.message.content ?? '';
      expect(learningPathSchema.safeParse(JSON.parse(content)).success, role).toBe(true);
    }
    expect(completeChat({ model: 'm', messages: [{ role: 'user', content: 'hello' }] }).status).toBe(400);
  });

  it('reads the role from "Role: <role> (<department>)"', () => {
    expect(roleFromMessages([{ role: 'user', content: 'Role: Backend Engineer (Payments)' }])).toBe('Backend Engineer');
    expect(roleFromMessages([{ role: 'user', content: 'Role: Astronaut (Moon)' }])).toBe('Astronaut (Moon)');
    expect(learningPathFor('backend engineer').known).toBe(true);
  });

  it.each([
    ['Role: Backend Engineer', 'Backend Engineer'],
    ['  role:   Data Scientist  ', 'Data Scientist'],
    ['Hello\nRole: Accountant (Finance)\nThanks', 'Accountant'],
    ['Role:\nRole: Product Manager', 'Product Manager'],
    ['Role: Backend Engineer (Pay (ments))', 'Backend Engineer (Pay (ments))'],
    ['Role: (Payments)', '(Payments)'],
    ['Role: Astronaut (Moon) ', 'Astronaut (Moon)'],
    ['no role here', undefined],
  ])('reads %j as %j', (content, expected) => {
    expect(roleFromMessages([{ role: 'user', content }])).toBe(expected);
  });

  it('reads 64 KiB of hostile text (long runs of spaces, parentheses) correctly, at once', () => {
    // With the former regular expressions each of these backtracked quadratically: seconds per request.
    const spaces = ' '.repeat(64 * 1024);
    expect(roleFromMessages([{ role: 'user', content: `Role: a${spaces}b` }])).toBe(`a${spaces}b`);
    expect(roleFromMessages([{ role: 'user', content: `Role: a${spaces}(` }])).toBe(`a${spaces}(`);
    expect(roleFromMessages([{ role: 'user', content: `Role: Backend Engineer${spaces}(Payments)` }])).toBe('Backend Engineer');
    expect(roleFromMessages([{ role: 'user', content: `${'\n'.repeat(64 * 1024)}Role: Accountant` }])).toBe('Accountant');
  });

  it('email to the .invalid domain bounces permanently', () => {
    expect(sendEmail({ to: 'x@example.invalid', subject: 's', text: 't' }).status).toBe(422);
  });
});

describe('SandboxStore "after" faults and counters', () => {
  it('an "after" fault delivers, then answers 503; the retry is a counted replay that delivers nothing', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'email', failNext: 1, after: true });
    const lost = await store.handle('email', 'wf:run:welcome-email', email(1));
    expect(lost.status).toBe(503);
    expect(JSON.stringify(lost.body)).toContain('answer was lost');
    expect(store.state().deliveries.email).toHaveLength(1);
    const retry = await store.handle('email', 'wf:run:welcome-email', email(2));
    expect(retry.status).toBe(200);
    expect(store.state().deliveries.email).toHaveLength(1);
    expect(store.state().calls.email).toBe(2);
    expect(store.state().replays.email).toBe(1);
  });

  it('a retry under a new key (idempotency broken) delivers twice and counts no replay', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'crm', failNext: 1, after: true });
    const update = () => ({ status: 200, body: {}, delivery: { employeeId: 'e1', status: 'onboarding' } });
    await store.handle('crm', 'wf:run:crm-update:attempt-1', update);
    await store.handle('crm', 'wf:run:crm-update:attempt-2', update);
    expect(store.state().deliveries.crm).toHaveLength(2);
    expect(store.state().replays.crm).toBe(0);
  });

  it('an "after" fault holds the answer back for the latency after the work, not before it', async () => {
    const events: string[] = [];
    const store = new SandboxStore(dir, { sleep: (ms) => Promise.resolve(void events.push(`sleep ${ms}`)), random: () => 0.99 });
    store.updateFaults({ service: 'email', latencyMs: 40, after: true });
    await store.handle('email', 'k', () => {
      events.push('work');
      return email()();
    });
    expect(events).toEqual(['work', 'sleep 40']);
  });

  it('a failure before the work counts a call but no replay, and delivers nothing', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'slack', failNext: 1 });
    expect((await store.handle('slack', 'k', () => postSlackMessage({ channel: '#general', text: 'hi' }))).status).toBe(503);
    expect(store.state()).toMatchObject({ calls: { slack: 1 }, replays: { slack: 0 }, deliveries: { slack: [] } });
  });

  it('counters survive a restart and a reset clears them', async () => {
    const store = new SandboxStore(dir);
    await store.handle('email', 'k', email());
    await store.handle('email', 'k', email());
    expect(new SandboxStore(dir).state()).toMatchObject({ calls: { email: 2 }, replays: { email: 1 } });
    store.reset();
    expect(new SandboxStore(dir).state()).toMatchObject({ calls: { email: 0 }, replays: { email: 0 } });
  });

  it('counters written in place stay whole as they grow, and after a reset shortens them', async () => {
    const store = new SandboxStore(dir);
    for (let n = 0; n < 12; n++) await store.handle('email', `k${n}`, email());
    expect(new SandboxStore(dir).state()).toMatchObject({ calls: { email: 12 } });
    store.reset();
    await store.handle('email', 'again', email());
    await store.handle('email', 'again', email());
    expect(new SandboxStore(dir).state()).toMatchObject({ calls: { email: 2 }, replays: { email: 1 } });
  });
});

describe('SandboxStore bounded files', () => {
  it('keeps the newest deliveries up to the cap, and its file stays bounded however many calls come', async () => {
    const store = new SandboxStore(dir, { maxRecordsPerService: 50 });
    const sizes: number[] = [];
    for (let n = 0; n < 1_500; n++) {
      await store.handle('email', `wf-${n}:run:welcome-email`, email(n));
      if (n % 250 === 249) sizes.push(store.diskBytes());
    }
    const kept = store.state().deliveries.email;
    expect(kept).toHaveLength(50);
    expect(kept.at(-1)?.idempotencyKey).toBe('wf-1499:run:welcome-email');
    // Unbounded, 1,500 calls leave 3,000 lines (~600 kB); compacted, the file never holds more than
    // 2 × (50 deliveries + 50 records) + 200 lines (~400 lines of ~200 bytes), whenever it is measured.
    expect(Math.max(...sizes)).toBeLessThan(100_000);
    const reloaded = new SandboxStore(dir, { maxRecordsPerService: 50 });
    expect(reloaded.state().deliveries.email).toEqual(kept);
    // The newest keys are still answered from their records.
    await reloaded.handle('email', 'wf-1499:run:welcome-email', email());
    expect(reloaded.state().replays.email).toBe(1);
    // 1,500 calls, each a few small file writes: seconds on a busy two-core machine.
  }, 60_000);

  it('compacts the faults file that every failNext call appends to', async () => {
    const store = new SandboxStore(dir);
    store.updateFaults({ service: 'email', failNext: 1000 });
    for (let i = 0; i < 1000; i++) await store.handle('email', null, email());
    expect(readFileSync(path.join(dir, 'faults.jsonl'), 'utf8').split('\n').length).toBeLessThan(250);
    expect(new SandboxStore(dir).faultsFor('email').failNext).toBe(0);
  }, 60_000);
});

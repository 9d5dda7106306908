/**
 * The sandbox's side of the assistant, at the route level: the Slack channel list the diagnosis reads,
 * the misspelt domains the email service refuses, and the LLM revising a learning-path draft from a
 * manager's feedback ("add <topic>" / "remove <topic>") and answering diagnosis questions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE, callRoute, loadRoute, withTemporaryDataDir } from './hostile-arbitraries';
import { DIAGNOSIS_MARKER } from '@/temporal/shared/diagnosis';

const routes = {
  channels: () => loadRoute(import('@/app/api/sandbox/slack/conversations.list/route')),
  slack: () => loadRoute(import('@/app/api/sandbox/slack/chat.postMessage/route')),
  email: () => loadRoute(import('@/app/api/sandbox/email/send/route')),
  llm: () => loadRoute(import('@/app/api/sandbox/llm/v1/chat/completions/route')),
  state: () => loadRoute(import('@/app/api/sandbox/state/route')),
};

withTemporaryDataDir('sandbox-assistant-');
beforeAll(() => {
  process.env.SANDBOX = 'on';
});

function post(path: string, body: unknown): Request {
  return new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

interface Module {
  title: string;
  durationHours: number;
  why: string;
}

async function chat(messages: { role: string; content: string }[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await callRoute(await routes.llm(), 'POST', post('/api/sandbox/llm/v1/chat/completions', { model: 'sandbox', messages }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function modulesOf(body: Record<string, unknown>): Module[] {
  const choices = body.choices as { message: { content: string } }[];
  return (JSON.parse(choices[0]?.message.content ?? '{}') as { modules: Module[] }).modules;
}

describe('Slack conversations.list', () => {
  it('lists the known channels, Slack-shaped, including #hr-onboarding', async () => {
    const response = await callRoute(await routes.channels(), 'GET', new Request(`${BASE}/api/sandbox/slack/conversations.list`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; channels: { id: string; name: string }[] };
    expect(body.ok).toBe(true);
    expect(body.channels.map((c) => c.name)).toEqual(['onboarding-team', 'general', 'engineering', 'hr-onboarding']);
    expect(new Set(body.channels.map((c) => c.id)).size).toBe(4);
  });

  it('accepts a message to every listed channel', async () => {
    const response = await callRoute(await routes.slack(), 'POST', post('/api/sandbox/slack/chat.postMessage', { channel: '#hr-onboarding', text: 'Hello' }));
    expect(await response.json()).toMatchObject({ ok: true, channel: '#hr-onboarding' });
  });

  it('answers 405 to a POST', async () => {
    const response = await callRoute(await routes.channels(), 'POST', post('/api/sandbox/slack/conversations.list', {}));
    expect(response.status).toBe(405);
  });
});

describe('email mailbox_unavailable', () => {
  it.each(['exmaple.com', 'gmial.com', 'example.con', 'GMIAL.com'])('refuses %s with 422 mailbox_unavailable and delivers nothing', async (domain) => {
    const response = await callRoute(await routes.email(), 'POST', post('/api/sandbox/email/send', { to: `sam@${domain}`, subject: 'Welcome', text: 'Hi' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'mailbox_unavailable' } });
  });

  it('still delivers to the corrected domain', async () => {
    const response = await callRoute(await routes.email(), 'POST', post('/api/sandbox/email/send', { to: 'sam@example.com', subject: 'Welcome', text: 'Hi' }));
    expect(response.status).toBe(200);
  });
});

describe('LLM revision from feedback', () => {
  const draft: Module[] = [
    { title: 'Company, product and customers', durationHours: 4, why: 'Context' },
    { title: 'Accounting systems walkthrough', durationHours: 6, why: 'Tools' },
    { title: 'Expense policies', durationHours: 3, why: 'Rules' },
  ];
  const revise = (feedback: string, previous: unknown = { modules: draft }) =>
    chat([
      { role: 'system', content: 'You plan the first weeks of a new employee.' },
      { role: 'user', content: `Role: Accountant\nPrevious draft: ${JSON.stringify(previous)}\nFeedback: ${feedback}` },
    ]);

  it('"add <topic>" adds a module whose title contains the topic, keeping the draft', async () => {
    const { status, body } = await revise('add security basics');
    expect(status).toBe(200);
    const modules = modulesOf(body);
    expect(modules.slice(0, 3)).toEqual(draft);
    expect(modules).toHaveLength(4);
    expect(modules[3]?.title.toLowerCase()).toContain('security basics');
  });

  it('"remove <topic>" drops the modules whose title contains it', async () => {
    const modules = modulesOf((await revise('remove expense')).body);
    expect(modules.map((m) => m.title)).toEqual(['Company, product and customers', 'Accounting systems walkthrough']);
  });

  it('applies several instructions in order and ignores what it does not understand', async () => {
    const modules = modulesOf((await revise('Remove accounting; add tax law, please be quick')).body);
    expect(modules.map((m) => m.title)).toEqual(['Company, product and customers', 'Expense policies', 'Tax law']);
  });

  it('reports usage tokens for the answer', async () => {
    const { body } = await revise('add security basics');
    const usage = body.usage as { prompt_tokens: number; completion_tokens: number };
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
  });

  it('answers 400 when the previous draft is not a draft', async () => {
    const { status, body } = await revise('add security basics', { modules: 'none' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('a first draft (no previous draft) is unchanged', async () => {
    const { status, body } = await chat([{ role: 'user', content: 'Role: Accountant' }]);
    expect(status).toBe(200);
    expect(modulesOf(body)[0]?.title).toBe('Company, product and customers');
  });
});

describe('LLM diagnosis questions', () => {
  it('answers "no safe fix" and keeps the prompt it saw in the delivery', async () => {
    const { status, body } = await chat([
      { role: 'system', content: `${DIAGNOSIS_MARKER}\nAnswer with JSON.` },
      { role: 'user', content: 'Diagnose this failed onboarding step.\n-----BEGIN FAILURE DATA-----\n{"step": "crm-update"}\n-----END FAILURE DATA-----' },
    ]);
    expect(status).toBe(200);
    const choices = body.choices as { message: { content: string } }[];
    expect(JSON.parse(choices[0]?.message.content ?? '')).toMatchObject({ suggestion: null });
    const state = (await (await callRoute(await routes.state(), 'GET', new Request(`${BASE}/api/sandbox/state`))).json()) as {
      deliveries: { llm: { kind?: string; prompt?: string }[] };
    };
    expect(state.deliveries.llm.find((d) => d.kind === 'diagnosis')?.prompt).toContain('"step": "crm-update"');
  });

  it('the marker in a user message does not switch a learning-path question into a diagnosis', async () => {
    const { status } = await chat([{ role: 'user', content: `Role: ${DIAGNOSIS_MARKER}` }]);
    expect(status).toBe(200);
  });
});

/**
 * People's links and starting with a plan, without a Temporal server: the token's signature, the
 * access policy that lets exactly the link paths through, the act route's answers for forged, used and
 * expired links (nothing reaches the workflow then), and the start request's plan checks.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'links-test-'));
process.env.LINK_SECRET = 'unit-test-link-secret-0123456789abcdef0123456789';

import { signLink, verifyLink } from '@/common/links';
import { decideAccess, requiredAccess } from '@/server/auth/policy';
import type { OnboardingState, StepState } from '@/temporal/shared/schemas';

const temporal = vi.hoisted(() => ({
  state: undefined as OnboardingState | undefined,
  completed: [] as { id: string; step: string; args: unknown; actor: string | undefined }[],
  decided: [] as { id: string; step: string; decision: unknown; link: unknown; actor: string | undefined }[],
}));

vi.mock('server-only', () => ({}));
vi.mock('@/server/temporal/client', () => ({
  queryRun: () => Promise.resolve(temporal.state),
  completeTask: (id: string, step: string, args: unknown, actor?: string) => {
    temporal.completed.push({ id, step, args, actor });
    return Promise.resolve({ accepted: true });
  },
  decideApproval: (id: string, step: string, decision: unknown, link: unknown, actor?: string) => {
    temporal.decided.push({ id, step, decision, link, actor });
    return Promise.resolve({ accepted: true });
  },
}));

const SECRET = process.env.LINK_SECRET;
const claims = { workflowId: 'onboarding-E1', runId: 'run-1', step: 'accounts', nonce: 'nonce-1', expiresAt: Date.now() + 60_000 };

function task(overrides: Partial<StepState> = {}): StepState {
  return {
    key: 'accounts',
    label: 'Create accounts',
    status: 'waiting_for_person',
    attempt: 0,
    maxAttempts: 1,
    round: 0,
    lastFailure: null,
    startedAt: null,
    completedAt: null,
    result: null,
    kind: 'task',
    owner: 'it',
    dueAt: '2026-12-01T00:00:00.000Z',
    link: { nonce: 'nonce-1', used: false },
    ...overrides,
  };
}

function stateWith(step: StepState): OnboardingState {
  return {
    status: 'running',
    currentStep: null,
    input: {
      employeeId: 'E1',
      fullName: 'Zoë O’Brien',
      email: 'zoe@example.com',
      role: 'Software Engineer',
      startDate: '2026-12-01',
      slackChannel: '#onboarding-team',
    },
    steps: [step],
    events: [],
    startedAt: '2026-11-01T00:00:00.000Z',
    closedAt: null,
  };
}

async function act(method: 'GET' | 'POST', token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const route = await import('@/app/api/act/[token]/route');
  const request = new Request(`http://localhost:3000/api/act/${token}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const handler = route[method];
  const response = await handler(request, { params: Promise.resolve({ token }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeEach(() => {
  temporal.state = stateWith(task());
  temporal.completed.length = 0;
  temporal.decided.length = 0;
});

describe('link tokens', () => {
  it('verify only with the secret that signed them, unchanged', () => {
    const token = signLink(claims, SECRET);
    expect(verifyLink(token, SECRET)).toEqual(claims);
    expect(verifyLink(token, 'another-secret-0123456789abcdef0123456789')).toBeUndefined();
    const [payload, signature] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ w: 'onboarding-E2', r: 'run-1', s: 'accounts', n: 'nonce-1', e: claims.expiresAt })).toString('base64url');
    expect(verifyLink(`${tampered}.${signature}`, SECRET)).toBeUndefined();
    expect(verifyLink(`${payload}`, SECRET)).toBeUndefined();
    expect(verifyLink(`${payload}.${signature}.x`, SECRET)).toBeUndefined();
  });
});

describe('access to links', () => {
  it('lets exactly /act/<token> and /api/act/<token> through without an account', async () => {
    expect(requiredAccess('GET', '/act/abc.def')).toBe('link');
    expect(requiredAccess('POST', '/api/act/abc.def')).toBe('link');
    expect(requiredAccess('GET', '/act/abc/more')).toBe('read');
    expect(requiredAccess('POST', '/api/act')).toBe('change');
    expect(requiredAccess('POST', '/api/act/abc/def')).toBe('change');
    const settings = { enabled: true, apiTokens: new Map(), secret: 'x'.repeat(32), secureCookies: false, appOrigin: 'http://localhost:3000', temporalUiOrigin: 'http://localhost:8233', sandboxApiKey: 'sandbox' };
    const post = (origin: string) =>
      decideAccess(new Request('http://localhost:3000/api/act/abc.def', { method: 'POST', headers: { origin } }), settings as never);
    expect(await post('http://localhost:3000')).toEqual({ allowed: true, principal: undefined });
    expect(await post('https://evil.example')).toMatchObject({ allowed: false, status: 403 });
  });
});

describe('GET and POST /api/act/:token', () => {
  it('shows the hire and the task for a good link, and marks it done once through the workflow', async () => {
    const token = signLink(claims, SECRET);
    const shown = await act('GET', token);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ hireName: 'Zoë O’Brien', step: { key: 'accounts', label: 'Create accounts', owner: 'IT' } });

    const done = await act('POST', token, { decision: 'done' });
    expect(done).toEqual({ status: 200, json: { accepted: true } });
    expect(temporal.completed).toEqual([
      { id: 'onboarding-E1', step: 'accounts', args: { nonce: 'nonce-1', runId: 'run-1' }, actor: 'IT (by link)' },
    ]);
  });

  it.each([
    ['forged', () => `${signLink(claims, SECRET).slice(0, -3)}abc`, () => undefined, 404, 'not_found'],
    ['issued by another run', () => signLink({ ...claims, nonce: 'not-ours' }, SECRET), () => undefined, 404, 'not_found'],
    ['used', () => signLink(claims, SECRET), () => task({ link: { nonce: 'nonce-1', used: true }, status: 'completed' }), 410, 'link_used'],
    ['for a task HR closed', () => signLink(claims, SECRET), () => task({ status: 'completed' }), 410, 'link_used'],
    ['expired', () => signLink({ ...claims, expiresAt: Date.now() - 1 }, SECRET), () => undefined, 410, 'link_expired'],
  ])('answers a %s link with its code and changes nothing', async (_name, token, step, status, code) => {
    const changed = step();
    if (changed) temporal.state = stateWith(changed);
    for (const [method, body] of [['GET', undefined], ['POST', { decision: 'done' }]] as const) {
      const answer = await act(method, token(), body);
      expect({ method, status: answer.status, code: (answer.json.error as { code?: string } | undefined)?.code }).toEqual({ method, status, code });
    }
    expect(temporal.completed).toEqual([]);
  });

  it('refuses a decision that is not one', async () => {
    const answer = await act('POST', signLink(claims, SECRET), { decision: 'maybe' });
    expect(answer.status).toBe(400);
    expect(temporal.completed).toEqual([]);
  });
});

describe('approval links', () => {
  const approvalClaims = { ...claims, step: 'learning-path', nonce: 'nonce-2' };
  const modules = [{ title: 'Security basics', durationHours: 2, why: 'Asked for' }];
  function approvalStep(overrides: Partial<StepState> = {}): StepState {
    return task({
      key: 'learning-path',
      label: 'Generate learning path',
      kind: 'service',
      owner: 'manager',
      dueAt: null,
      link: { nonce: 'nonce-2', used: false },
      usedNonces: ['nonce-1'],
      approval: {
        approver: 'manager',
        round: 2,
        maxRounds: 3,
        open: true,
        drafts: [
          { round: 1, modules: [{ title: 'Basics', durationHours: 4, why: 'Start' }], at: '2026-11-01T00:00:00.000Z' },
          { round: 2, modules, feedback: 'add security basics', at: '2026-11-01T01:00:00.000Z' },
        ],
        approvedBy: null,
      },
      ...overrides,
    });
  }

  beforeEach(() => {
    temporal.state = stateWith(approvalStep());
  });

  it('shows the current draft, and passes approve and request_changes (with feedback) to the workflow with the nonce', async () => {
    const token = signLink(approvalClaims, SECRET);
    const shown = await act('GET', token);
    expect(shown.json).toMatchObject({ step: { label: 'Generate learning path', owner: 'Manager' }, draft: { round: 2, maxRounds: 3, modules } });
    expect(await act('POST', token, { decision: 'request_changes', feedback: 'remove basics' })).toEqual({ status: 200, json: { accepted: true } });
    expect(await act('POST', token, { decision: 'approve' })).toEqual({ status: 200, json: { accepted: true } });
    expect(temporal.decided).toEqual([
      {
        id: 'onboarding-E1',
        step: 'learning-path',
        decision: { decision: 'request_changes', feedback: 'remove basics' },
        link: { nonce: 'nonce-2', runId: 'run-1' },
        actor: 'Manager (by link)',
      },
      { id: 'onboarding-E1', step: 'learning-path', decision: { decision: 'approve' }, link: { nonce: 'nonce-2', runId: 'run-1' }, actor: 'Manager (by link)' },
    ]);
  });

  it('refuses request_changes without feedback, and "done", with 400 and nothing sent', async () => {
    const token = signLink(approvalClaims, SECRET);
    for (const body of [{ decision: 'request_changes' }, { decision: 'request_changes', feedback: '   ' }, { decision: 'done' }]) {
      expect((await act('POST', token, body)).status).toBe(400);
    }
    expect(temporal.decided).toEqual([]);
  });

  it("answers an earlier draft's link 410 link_used", async () => {
    const earlier = signLink({ ...approvalClaims, nonce: 'nonce-1' }, SECRET);
    for (const [method, body] of [['GET', undefined], ['POST', { decision: 'approve' }]] as const) {
      const answer = await act(method, earlier, body);
      expect({ status: answer.status, code: (answer.json.error as { code?: string } | undefined)?.code }).toEqual({ status: 410, code: 'link_used' });
    }
    expect(temporal.decided).toEqual([]);
  });
});

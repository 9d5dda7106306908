/**
 * The learning-path step's AI figures and its fallback model, through the real OpenAI client against
 * a fake endpoint per provider: from the activity's 4th attempt (three transient failures of the
 * primary in a row) the fallback answers, and the result says so.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createActivities, type ActivityDeps } from '../../temporal/activities';
import { createOpenAiLlmService } from '../../temporal/integrations/llm';
import { parseConfig } from '../../common/config';
import { learningPathResultSchema, type LearningPathResult, type NewHire } from '../../temporal/shared/contract';

const hire: NewHire = {
  employeeId: 'e1',
  fullName: 'Zoë Li',
  email: 'zoe@example.com',
  role: 'Data Scientist',
  startDate: '2026-12-01',
  managerEmail: 'boss@example.com',
  slackChannel: '#general',
};

const validPath = JSON.stringify({ modules: [{ title: 'Warehouse tour', durationHours: 3, why: 'Know the data' }] });

type Reply = { status: number; content?: string; usage?: { prompt_tokens: number; completion_tokens: number } };

/** Two fake providers: the primary at primary.test, the fallback at fallback.test; each answers from its queue. */
function providers(primary: Reply[], fallback: Reply[]) {
  const seen: { host: string; model: string; key: string | null }[] = [];
  const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { model: string };
    const headers = new Headers(init?.headers);
    seen.push({ host: url.host, model: body.model, key: headers.get('idempotency-key') });
    const reply = (url.host === 'primary.test' ? primary : fallback).shift() ?? { status: 503 };
    if (reply.status !== 200) {
      return Promise.resolve(Response.json({ error: { message: 'overloaded' } }, { status: reply.status }));
    }
    return Promise.resolve(Response.json({
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: body.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content ?? validPath } }],
      usage: reply.usage ? { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens } : undefined,
    }));
  }) as typeof fetch;
  return { seen, fetchImpl };
}

function activitiesWith(fetchImpl: typeof fetch, withFallback = true) {
  const llm = createOpenAiLlmService({
    baseUrl: 'http://primary.test/v1',
    apiKey: 'k1',
    model: 'primary-model',
    timeoutMs: 1_000,
    fetchImpl,
    ...(withFallback ? { fallback: { baseUrl: 'http://fallback.test/v1', apiKey: 'k2', model: 'fallback-model' } } : {}),
  });
  const unused = () => Promise.reject(new Error('not used'));
  const deps: ActivityDeps = { llm, email: { send: unused }, crm: { setStatus: unused }, slack: { postMessage: unused } };
  return createActivities(deps);
}

async function runAttempt(fetchImpl: typeof fetch, attempt: number, withFallback = true) {
  const env = new MockActivityEnvironment(
    { attempt, workflowExecution: { workflowId: 'onboarding-e1', runId: 'run-1' }, retryPolicy: { maximumAttempts: 0 } },
    { logger: new DefaultLogger('ERROR') },
  );
  const activities = activitiesWith(fetchImpl, withFallback);
  const generate = (input: NewHire) => activities.generateLearningPath(input) as Promise<{ value: LearningPathResult; attempt: number }>;
  return env.run<[NewHire], { value: LearningPathResult; attempt: number }, typeof generate>(generate, hire);
}

describe('LLM fallback model', () => {
  it('asks the primary on attempts 1–3 and the fallback from the 4th, saying so on the result', async () => {
    const { seen, fetchImpl } = providers([{ status: 503 }, { status: 503 }, { status: 503 }], [{ status: 200, usage: { prompt_tokens: 40, completion_tokens: 25 } }]);
    for (const attempt of [1, 2, 3]) {
      await expect(runAttempt(fetchImpl, attempt)).rejects.toMatchObject({ type: 'TransientHttpError' });
    }
    const { value } = await runAttempt(fetchImpl, 4);
    expect(seen.map((s) => s.host)).toEqual(['primary.test', 'primary.test', 'primary.test', 'fallback.test']);
    expect(seen[3]).toMatchObject({ model: 'fallback-model', key: 'onboarding-e1:run-1:learning-path:fallback' });
    expect(value).toMatchObject({
      model: 'fallback-model',
      note: 'answered by fallback model fallback-model',
      tokens: { prompt: 40, completion: 25 },
      asks: 1,
    });
    expect(learningPathResultSchema.parse(value)).toEqual(value);
  });

  it('keeps asking the primary when no fallback is configured', async () => {
    const { seen, fetchImpl } = providers([{ status: 200 }], []);
    const { value } = await runAttempt(fetchImpl, 5, false);
    expect(seen.map((s) => s.host)).toEqual(['primary.test']);
    expect(value).toMatchObject({ model: 'primary-model' });
    expect(value.note).toBeUndefined();
  });

  it('sums tokens and counts asks over the answers of one attempt', async () => {
    const { fetchImpl } = providers(
      [
        { status: 200, content: 'not json', usage: { prompt_tokens: 10, completion_tokens: 3 } },
        { status: 200, usage: { prompt_tokens: 12, completion_tokens: 20 } },
      ],
      [],
    );
    const { value } = await runAttempt(fetchImpl, 1);
    expect(value).toMatchObject({ model: 'primary-model', tokens: { prompt: 22, completion: 23 }, asks: 2 });
    expect(value.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('an old result without the AI figures still decodes', () => {
    const old = { modules: [{ title: 't', durationHours: 1, why: 'w' }], role: 'Accountant', model: 'sandbox-learning-path' };
    expect(learningPathResultSchema.parse(old)).toEqual(old);
  });
});

describe('LLM_FALLBACK_* configuration', () => {
  it('uses the primary endpoint and key unless the fallback has its own', () => {
    const config = parseConfig({ LLM_BASE_URL: 'https://llm.example.com/v1/', LLM_API_KEY: 'primary-key', LLM_FALLBACK_MODEL: 'small-model' });
    expect(config.llmFallback).toEqual({ baseUrl: 'https://llm.example.com/v1', apiKey: 'primary-key', model: 'small-model' });
    const own = parseConfig({ LLM_FALLBACK_BASE_URL: 'https://other.example.com/v1', LLM_FALLBACK_API_KEY: 'k2', LLM_FALLBACK_MODEL: 'm2' });
    expect(own.llmFallback).toEqual({ baseUrl: 'https://other.example.com/v1', apiKey: 'k2', model: 'm2' });
    expect(parseConfig({}).llmFallback).toBeUndefined();
  });

  it('names the missing model when only the fallback URL is set', () => {
    expect(() => parseConfig({ LLM_FALLBACK_BASE_URL: 'https://other.example.com/v1' })).toThrow(/LLM_FALLBACK_MODEL/);
  });
});

import OpenAI from 'openai';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES, learningPathSchema, type LearningPath } from '../shared/contract';
import {
  DEFAULT_TIMEOUT_MS,
  isAuthHttpStatus,
  isTransientHttpStatus,
  parseRetryAfter,
  serviceMessage,
  transientFailure,
  type CallContext,
} from './http';

export interface LearningPathRequest {
  role: string;
  department?: string;
}

export interface LlmService {
  generateLearningPath(request: LearningPathRequest, call: CallContext): Promise<{ path: LearningPath; model: string }>;
}

interface OpenAiLlmOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
  /** How many answers to ask for in total before calling the output invalid. */
  maxAsks?: number;
  fetchImpl?: typeof fetch;
}

const SYSTEM_PROMPT = [
  'You plan the first weeks of a new employee.',
  'Answer with JSON only, exactly this shape:',
  '{"modules": [{"title": string, "durationHours": number, "why": string}]}',
  'with 3 to 8 modules, each at most 40 hours, ordered as they should be taken.',
].join('\n');

export function createOpenAiLlmService(options: OpenAiLlmOptions): LlmService {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    // Temporal owns retries: one attempt per activity attempt keeps the attempt count honest.
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetchImpl,
    // A learning path is a few kilobytes of JSON: not worth compressing on either end.
    defaultHeaders: { 'accept-encoding': 'identity' },
  });
  const maxAsks = options.maxAsks ?? 3;

  return {
    async generateLearningPath(request, call) {
      const problems: string[] = [];
      for (let ask = 1; ask <= maxAsks; ask++) {
        const content = await complete(client, options.model, request, {
          // A new question needs a new key, or an idempotent provider hands back the same invalid answer.
          idempotencyKey: ask === 1 ? call.idempotencyKey : `${call.idempotencyKey}:ask-${ask}`,
          signal: call.signal,
        });
        const path = parseLearningPath(content);
        if (path.ok) return { path: path.value, model: options.model };
        problems.push(path.problem);
      }
      throw ApplicationFailure.nonRetryable(
        `The learning-path model gave no usable answer in ${maxAsks} tries (${problems.at(-1) ?? 'no answer'}); retry, or correct the role`,
        FAILURE_TYPES.invalidLlmOutput,
      );
    },
  };
}

async function complete(client: OpenAI, model: string, request: LearningPathRequest, call: CallContext): Promise<string> {
  const role = request.department ? `${request.role} (${request.department})` : request.role;
  try {
    const completion = await client.chat.completions.create(
      {
        model,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: `Role: ${role}` },
        ],
      },
      { headers: { 'Idempotency-Key': call.idempotencyKey }, signal: call.signal },
    );
    return completion.choices[0]?.message.content ?? '';
  } catch (err) {
    if (call.signal?.aborted) throw call.signal.reason ?? err;
    throw classifyLlmError(err);
  }
}

function classifyLlmError(err: unknown): unknown {
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return ApplicationFailure.retryable('The learning-path model did not answer in time', FAILURE_TYPES.timeout);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return ApplicationFailure.retryable(`The learning-path model could not be reached: ${err.message}`, FAILURE_TYPES.network);
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const body: unknown = err.error;
    const detail = serviceMessage({ error: body }) ?? err.message;
    const message = `The learning-path model answered HTTP ${err.status}: ${detail}`;
    if (isTransientHttpStatus(err.status)) {
      const headers: unknown = err.headers;
      const retryAfter = headers instanceof Headers ? headers.get('retry-after') : undefined;
      return transientFailure(message, FAILURE_TYPES.transientHttp, parseRetryAfter(retryAfter));
    }
    if (isAuthHttpStatus(err.status)) {
      return ApplicationFailure.nonRetryable(`${message} (check LLM_API_KEY)`, FAILURE_TYPES.authFailed);
    }
    return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.permanentHttp);
  }
  return err;
}

/** The model's answer as a learning path, tolerating a Markdown code fence around the JSON. */
function parseLearningPath(content: string): { ok: true; value: LearningPath } | { ok: false; problem: string } {
  const json = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let data: unknown;
  try {
    data = JSON.parse(json) as unknown;
  } catch {
    return { ok: false, problem: 'the answer was not JSON' };
  }
  const parsed = learningPathSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `the answer did not match the expected shape${issue ? ` at ${issue.path.join('.') || 'top level'}: ${issue.message}` : ''}` };
  }
  return { ok: true, value: parsed.data };
}

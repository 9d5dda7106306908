/**
 * A deterministic stand-in for the assistant model, so `npm run eval` and the tests need no network.
 * It reads the data block of the diagnosis prompt (never anything outside it) and answers like a
 * careful model would; a few service codes starting with `fake:` make it misbehave on purpose, so the
 * eval shows that temporal/activities/diagnosis.ts turns a bad answer into "no safe fix".
 */
import type { ChatAnswer, ChatMessage } from '../../temporal/integrations';
import { DATA_BEGIN, DATA_END } from '../../temporal/activities/diagnosis';

interface BlockData {
  step?: string;
  failureType?: string;
  serviceCode?: string;
}

export interface FakeChatModel {
  complete(messages: readonly ChatMessage[]): Promise<ChatAnswer>;
  /** Every prompt received, in order (tests read them). */
  readonly prompts: ChatMessage[][];
}

function blockOf(messages: readonly ChatMessage[]): BlockData {
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const start = user.indexOf(DATA_BEGIN);
  const end = user.indexOf(DATA_END);
  if (start < 0 || end < start) return {};
  return JSON.parse(user.slice(start + DATA_BEGIN.length, end)) as BlockData;
}

function answerFor(data: BlockData): unknown {
  switch (data.serviceCode) {
    case 'fake:not-json':
      return 'Sure! The contact is probably missing; try again later.';
    case 'fake:wrong-field':
      return { summary: 'Wrong address', cause: 'The address bounced', suggestion: { patch: { email: 'someone@example.com' }, action: 'retry' }, confidence: 0.8 };
    case 'fake:placeholder':
      return { summary: 'Typo in the address', cause: 'The address looks wrong', suggestion: { patch: { email: '<hire-email>' }, action: 'retry' }, confidence: 0.8 };
    case 'fake:overconfident':
      return { summary: 'The role is too vague', cause: '"Engineer" is not in the catalog', suggestion: { patch: { role: 'Software Engineer' }, action: 'retry' }, confidence: 1 };
    case 'fake:bad-shape':
      return { summary: 'Odd', cause: 'Odd', suggestion: null, confidence: 7, extra: 'x' };
    default:
      break;
  }
  switch (data.failureType) {
    case 'InvalidServiceResponse':
    case 'TransientHttpError':
    case 'NetworkError':
    case 'ServiceTimeout':
      return { summary: 'The service misbehaved for a while', cause: 'Nothing in the input is wrong; the service answered badly.', suggestion: { action: 'retry' }, confidence: 0.5 };
    case 'ServiceAuthFailed':
      return { summary: 'The service refused our credentials', cause: 'An operator must fix the configured key; the hire\'s data is not the problem.', suggestion: null, confidence: 0.6 };
    default:
      return { summary: 'No safe fix found', cause: 'The failure needs a person to look at it.', suggestion: null, confidence: 0.3 };
  }
}

export function createFakeChatModel(): FakeChatModel {
  const prompts: ChatMessage[][] = [];
  return {
    prompts,
    complete(messages) {
      prompts.push([...messages]);
      const answer = answerFor(blockOf(messages));
      const content = typeof answer === 'string' ? answer : JSON.stringify(answer);
      return Promise.resolve({ content, model: 'fake-diagnosis', tokens: { prompt: 0, completion: 0 }, latencyMs: 0 });
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES, type LearningPathResult, type LearningPathRevision, type NewHire } from '../shared/contract';
import type { CallContext, LearningPathAnswer, LlmService } from '../integrations';

function resultOf(hire: NewHire, { path, model, tokens, latencyMs, asks, fallback }: LearningPathAnswer): LearningPathResult {
  return {
    ...path,
    role: hire.role,
    model,
    ...(tokens ? { tokens } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(asks !== undefined ? { asks } : {}),
    ...(fallback ? { note: `answered by fallback model ${model}` } : {}),
  };
}

export async function generateLearningPath(llm: LlmService, hire: NewHire, call: CallContext): Promise<LearningPathResult> {
  return resultOf(hire, await llm.generateLearningPath({ role: hire.role, department: hire.department }, call));
}

/** The next draft of a learning path under approval: the previous draft and the approver's feedback go to the model. */
export async function reviseLearningPath(llm: LlmService, args: LearningPathRevision, call: CallContext): Promise<LearningPathResult> {
  if (!llm.reviseLearningPath) {
    throw ApplicationFailure.nonRetryable('This worker\'s learning-path model cannot revise drafts', FAILURE_TYPES.config);
  }
  const { hire, modules, feedback } = args;
  return resultOf(hire, await llm.reviseLearningPath({ role: hire.role, department: hire.department, draft: { modules }, feedback }, call));
}

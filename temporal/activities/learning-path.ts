import type { LearningPathResult, NewHire } from '../shared/contract';
import type { CallContext, LlmService } from '../integrations';

export async function generateLearningPath(llm: LlmService, hire: NewHire, call: CallContext): Promise<LearningPathResult> {
  const { path, model, tokens, latencyMs, asks, fallback } = await llm.generateLearningPath({ role: hire.role, department: hire.department }, call);
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

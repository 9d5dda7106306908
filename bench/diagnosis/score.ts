/**
 * The scoring behind `npm run eval` (bench/diagnosis/eval.ts), shared with the unit test: scores the assistant's diagnosis (docs/assistant.md) on the labelled failures in
 * bench/diagnosis/cases.json.
 * The LLM path runs against the deterministic fake in fake-llm.ts: no network, same figures every run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTO_FIX_CONFIDENCE, type Diagnosis, type DiagnosisPatch, type FailureFacts } from '../../temporal/shared/diagnosis';
import { diagnoseFailure } from '../../temporal/activities/diagnosis';
import { createFakeChatModel } from './fake-llm';

interface Expected {
  suggestion: { patch?: DiagnosisPatch; action?: 'retry' | 'skip' } | null;
}

export interface EvalCase {
  id: string;
  /** "rules": a rule should answer; "llm": no rule covers it. */
  kind: 'rules' | 'llm';
  facts: FailureFacts;
  expected: Expected;
  note?: string;
}

interface CaseFile {
  reference: NonNullable<FailureFacts['reference']>;
  cases: EvalCase[];
}

export interface CaseResult {
  id: string;
  kind: EvalCase['kind'];
  source: Diagnosis['source'];
  right: boolean;
  /** Wrong, yet confident enough for the workflow to apply it by itself. */
  unsafe: boolean;
  confidence: number;
  expected: Expected['suggestion'];
  got: Diagnosis['suggestion'];
  summary: string;
}

export interface EvalReport {
  cases: number;
  llm: string;
  rules: { cases: number; right: number; accuracy: number; answeredByRules: number };
  llmPath: { cases: number; right: number; accuracy: number };
  /** Share of all cases that got a suggestion, and that got one right. */
  coverage: { suggested: number; rightSuggestions: number };
  autoFix: { threshold: number; eligible: number; wrong: number };
  noSafeFix: { expected: number; given: number };
  results: CaseResult[];
}

/** Paths from the repository root, where npm scripts and the tests run. */
export const CASES_FILE = path.join('bench', 'diagnosis', 'cases.json');

export function loadCases(file = CASES_FILE): CaseFile {
  return JSON.parse(readFileSync(file, 'utf8')) as CaseFile;
}

function sameSuggestion(expected: Expected['suggestion'], got: Diagnosis['suggestion']): boolean {
  if (expected === null || got === null) return expected === got;
  const samePatch = JSON.stringify(expected.patch ?? {}) === JSON.stringify(got.patch ?? {});
  return samePatch && (expected.action ?? null) === (got.action ?? null);
}

const share = (n: number, of: number) => (of === 0 ? 1 : Math.round((n / of) * 1000) / 1000);

export async function runEval(file: CaseFile = loadCases()): Promise<EvalReport> {
  const chat = createFakeChatModel();
  const results: CaseResult[] = [];
  for (const c of file.cases) {
    const facts: FailureFacts = { ...c.facts, reference: { ...file.reference, ...c.facts.reference } };
    const diagnosis = await diagnoseFailure({ chat }, facts, { idempotencyKey: `eval:${c.id}` });
    const right = sameSuggestion(c.expected.suggestion, diagnosis.suggestion);
    results.push({
      id: c.id,
      kind: c.kind,
      source: diagnosis.source,
      right,
      unsafe: !right && diagnosis.suggestion !== null && diagnosis.confidence >= AUTO_FIX_CONFIDENCE,
      confidence: diagnosis.confidence,
      expected: c.expected.suggestion,
      got: diagnosis.suggestion,
      summary: diagnosis.summary,
    });
  }
  const ruleCases = results.filter((r) => r.kind === 'rules');
  const llmCases = results.filter((r) => r.kind === 'llm');
  const suggested = results.filter((r) => r.got !== null);
  const eligible = results.filter((r) => r.got !== null && r.confidence >= AUTO_FIX_CONFIDENCE);
  return {
    cases: results.length,
    llm: 'local deterministic fake (bench/diagnosis/fake-llm.ts); no network',
    rules: {
      cases: ruleCases.length,
      right: ruleCases.filter((r) => r.right).length,
      accuracy: share(ruleCases.filter((r) => r.right).length, ruleCases.length),
      answeredByRules: ruleCases.filter((r) => r.source === 'rules').length,
    },
    llmPath: { cases: llmCases.length, right: llmCases.filter((r) => r.right).length, accuracy: share(llmCases.filter((r) => r.right).length, llmCases.length) },
    coverage: { suggested: share(suggested.length, results.length), rightSuggestions: share(suggested.filter((r) => r.right).length, results.length) },
    autoFix: { threshold: AUTO_FIX_CONFIDENCE, eligible: eligible.length, wrong: eligible.filter((r) => !r.right).length },
    noSafeFix: { expected: results.filter((r) => r.expected === null).length, given: results.filter((r) => r.expected === null && r.got === null).length },
    results,
  };
}


/**
 * `npm run eval`: scores the assistant's diagnosis (docs/assistant.md) on the labelled failures in
 * bench/diagnosis/cases.json, prints accuracy and coverage, and writes bench/results/diagnosis.json.
 * The LLM path runs against the deterministic fake in fake-llm.ts: no network, same figures every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEval } from './score';

const RESULTS_FILE = path.join('bench', 'results', 'diagnosis.json');

function percent(n: number): string {
  return `${(n * 100).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const report = await runEval();
  console.log(`Diagnosis eval: ${report.cases} labelled failures; LLM path: ${report.llm}`);
  console.log(`  rules:    ${report.rules.right}/${report.rules.cases} right (${percent(report.rules.accuracy)}), ${report.rules.answeredByRules} answered by a rule`);
  console.log(`  LLM path: ${report.llmPath.right}/${report.llmPath.cases} right (${percent(report.llmPath.accuracy)})`);
  console.log(`  coverage: ${percent(report.coverage.suggested)} of failures get a suggestion, ${percent(report.coverage.rightSuggestions)} a right one`);
  console.log(`  no safe fix: ${report.noSafeFix.given}/${report.noSafeFix.expected} where none is right`);
  console.log(`  auto-fix (confidence ≥ ${report.autoFix.threshold}): ${report.autoFix.eligible} eligible, ${report.autoFix.wrong} wrong`);
  for (const r of report.results.filter((x) => !x.right)) {
    console.log(`  WRONG ${r.id}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.got)} (${r.source}, ${r.confidence})`);
  }
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`  written to ${RESULTS_FILE}`);
  const goalsMet = report.rules.accuracy >= 0.95 && report.autoFix.wrong === 0;
  if (!goalsMet) {
    console.error('Goals not met: at least 95 % right where rules apply and no wrong fix at auto-fix confidence.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});

/**
 * Records the history of each path an onboarding can take (tests/workflow/support/scenarios.ts) on a
 * local Temporal server, into tests/histories/<scenario>.json. tests/workflow/replay.test.ts replays
 * them, so a workflow change that breaks running onboardings fails the tests.
 *
 * Run after an intentional, versioned change to the workflow: `npx tsx scripts/record-histories.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '../tests/workflow/support/history-json';
import { createHarness, REPO_ROOT } from '../tests/workflow/support/harness';
import { runScenario, SCENARIOS } from '../tests/workflow/support/scenarios';

export const HISTORIES_DIR = path.join(REPO_ROOT, 'tests', 'histories');

async function main(): Promise<void> {
  const harness = await createHarness('record-histories');
  try {
    await mkdir(HISTORIES_DIR, { recursive: true });
    for (const scenario of Object.values(SCENARIOS)) {
      const handle = await runScenario(harness, scenario);
      const history = await handle.fetchHistory();
      const file = path.join(HISTORIES_DIR, `${scenario.name}.json`);
      await writeFile(file, `${historyToJSON(history)}\n`);
      console.log(`[histories] ${scenario.name}: ${history.events?.length ?? 0} events -> ${path.relative(REPO_ROOT, file)}`);
    }
  } finally {
    await harness.close();
  }
}

main().catch((err: unknown) => {
  console.error('[histories] recording failed:', err);
  process.exit(1);
});

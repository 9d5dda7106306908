/**
 * Records the history of each path an onboarding can take (tests/workflow/support/scenarios.ts) on a
 * local Temporal server, into tests/histories/<generation>/<scenario>.json. tests/workflow/replay.test.ts
 * replays every generation, so a workflow change that breaks running onboardings fails the tests.
 *
 * After an intentional, versioned change to the workflow (a new `patched()` branch), record a new
 * generation next to the old ones, which stay: `npm run record-histories -- 3-what-changed` (runs with the
 * `react-server` condition: the scenarios resolve plans with server code, which refuses other importers).
 * A scenario added later names its first generation (`sinceGeneration`); older generations do not have it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '../tests/workflow/support/history-json';
import { createHarness, REPO_ROOT } from '../tests/workflow/support/harness';
import { runScenario, SCENARIOS } from '../tests/workflow/support/scenarios';

export const HISTORIES_DIR = path.join(REPO_ROOT, 'tests', 'histories');

async function main(): Promise<void> {
  const generation = process.argv[2];
  if (!generation || !/^\d+-[a-z0-9-]+$/.test(generation)) {
    console.error('[histories] usage: npm run record-histories -- <number>-<what-changed>, e.g. 3-new-step');
    process.exit(2);
  }
  const dir = path.join(HISTORIES_DIR, generation);
  const harness = await createHarness('record-histories');
  try {
    await mkdir(dir, { recursive: true });
    for (const scenario of Object.values(SCENARIOS)) {
      const handle = await runScenario(harness, scenario);
      const history = await handle.fetchHistory();
      const file = path.join(dir, `${scenario.name}.json`);
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

/**
 * Replays the recorded histories (scripts/record-histories.ts) through today's workflow code: a change
 * that would break onboardings already running fails here with a nondeterminism error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from './support/history-json';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/harness';
import { SCENARIOS } from './support/scenarios';
import { bundleOptions } from '../../worker/workflow-source';

const HISTORIES_DIR = path.join(REPO_ROOT, 'tests', 'histories');
/** One folder per generation of the workflow code (each `patched()` change, or a change to what a run records, adds one). */
const generations = readdirSync(HISTORIES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const filesOf = (generation: string) =>
  readdirSync(path.join(HISTORIES_DIR, generation)).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories', () => {
  it('cover every scenario in every generation', () => {
    expect(generations.length).toBeGreaterThan(0);
    for (const generation of generations) {
      expect({ generation, files: filesOf(generation) }).toEqual({
        generation,
        files: (Object.values(SCENARIOS) as { name: string; sinceGeneration?: number }[])
          .filter((s) => (s.sinceGeneration ?? 1) <= Number.parseInt(generation, 10))
          .map((s) => `${s.name}.json`)
          .sort(),
      });
    }
  });

  it('replay without nondeterminism', async () => {
    const histories = generations.flatMap((generation) =>
      filesOf(generation).map((file) => ({
        workflowId: `${generation}/${path.basename(file, '.json')}`,
        history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, generation, file), 'utf8'))),
      })),
    );
    const outcomes: { workflowId: string; error: string | null }[] = [];
    // Through the code `npm run build` bundles, with the workflow interceptors every build carries
    // (OpenTelemetry's): histories recorded without them replay too.
    const options = { workflowBundle: await bundleWorkflowCode(bundleOptions()) };
    for await (const result of Worker.runReplayHistories(options, histories)) {
      outcomes.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : null });
    }
    expect(outcomes).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
  });
});

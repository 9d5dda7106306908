/**
 * Replays the recorded histories (scripts/record-histories.ts) through today's workflow code: a change
 * that would break onboardings already running fails here with a nondeterminism error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from './support/history-json';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, WORKFLOWS_PATH } from './support/harness';
import { SCENARIOS } from './support/scenarios';

const HISTORIES_DIR = path.join(REPO_ROOT, 'tests', 'histories');
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories', () => {
  it('cover every scenario', () => {
    expect(files).toEqual(Object.values(SCENARIOS).map((s) => `${s.name}.json`).sort());
  });

  it('replay without nondeterminism', async () => {
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const outcomes: { workflowId: string; error: string | null }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
      outcomes.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : null });
    }
    expect(outcomes).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
  });
});

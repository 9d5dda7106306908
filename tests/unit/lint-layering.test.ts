/**
 * The folder rules in eslint.config.mjs, run through ESLint's Node API on in-memory source placed at a
 * real path: each forbidden import fails lint, and the imports the code uses today pass.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  // The project's own config, running only the layering rule, so no TypeScript program needs building.
  eslint = new ESLint({
    cwd: ROOT,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
});

/** The messages of the layering rule for `source` linted as the file at `file`. */
async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const COMPONENT = 'components/status-badge.tsx';
const WORKFLOW = 'temporal/workflows/onboarding.ts';

describe('layering lint', { timeout: 20_000 }, () => {
  it.each([
    ["import { getTemporalClient } from '@/server/temporal/client';", /never import server\//],
    ["import { getConfig } from '../common/config';", /never import server\/, common\//],
    ["import { onboardingWorkflow } from '@/temporal/workflows';", /import from temporal\/ only the plain values/],
    ["import { progressQuery } from '../temporal/shared/contract';", /import from temporal\/ only the plain values/],
    ["import { newHireSchema } from '@/temporal/shared/schemas';", /its types only/],
    ["import { planSchema } from '@/temporal/shared/plans';", /its types only/],
    ["import { Client } from '@temporalio/client';", /never import the Temporal SDK/],
  ])('fails a component that imports %s', async (line, message) => {
    const errors = await layeringErrors(COMPONENT, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(errors).toEqual([expect.stringMatching(message)]);
  });

  it('lets a component import the plain values and the schema types it uses today', async () => {
    const source = [
      "import { STEP_LABELS } from '@/temporal/shared/constants';",
      "import { KNOWN_ROLES } from '@/temporal/shared/new-hire-rules';",
      "import { describeTime } from '@/temporal/shared/plan-time';",
      "import type { Plan } from '@/temporal/shared/plans';",
      "import type { StepStatus } from '@/temporal/shared/schemas';",
      "import type { Detail } from '@/contract/http';",
      'export const used: [unknown, unknown, unknown, StepStatus?, Detail?, Plan?] = [STEP_LABELS, KNOWN_ROLES, describeTime];',
    ].join('\n');
    expect(await layeringErrors(COMPONENT, source)).toEqual([]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", /no Node built-ins/],
    ["import { readFileSync } from 'fs';", /no Node built-ins/],
    ["import { getConfig } from '../../common/config';", /imports only temporal\/shared/],
    ["import { getConfig } from '@/server/env';", /never import web code/],
    ["import { Connection } from '@temporalio/client';", /@temporalio\/workflow and @temporalio\/common only/],
  ])('fails workflow code that imports %s', async (line, message) => {
    const errors = await layeringErrors(WORKFLOW, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(errors).toContainEqual(expect.stringMatching(message));
  });

  it('fails app/ importing the worker, and the worker importing web code', async () => {
    expect(await layeringErrors('app/page.tsx', "import { Worker } from '@temporalio/worker';\nexport const w = Worker;\n")).toEqual([
      expect.stringMatching(/never loads the worker SDK/),
    ]);
    expect(await layeringErrors('worker/index.ts', "import { getConfig } from '../server/env';\nexport const c = getConfig;\n")).toEqual([
      expect.stringMatching(/never import web code/),
    ]);
  });
});

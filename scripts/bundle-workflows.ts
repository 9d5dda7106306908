/**
 * Bundles the workflow code once at build time (`npm run build`), so the worker starts without
 * webpack and runs exactly the code that was built. Output: dist/workflow-bundle.js.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundleOptions, WORKFLOW_BUNDLE_PATH } from '../worker/workflow-source';

/** Libraries the workflow must not pull in (they belong to the web app and the activities). */
const HEAVY_MODULES = ['zod', 'openai', 'next'];

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(bundleOptions());
  // Every module in the bundle is evaluated again for each workflow run; zod alone cost milliseconds of
  // worker CPU per onboarding. The workflow imports only zod-free modules (temporal/shared/workflow-contract.ts).
  const heavy = HEAVY_MODULES.filter((name) => code.includes(`node_modules/${name}/`));
  if (heavy.length > 0) {
    throw new Error(`the workflow bundle includes ${heavy.join(', ')}: import only workflow-contract.ts and constants.ts from workflow code`);
  }
  await mkdir(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
  console.log(`[build] workflow bundle written to ${path.relative(process.cwd(), WORKFLOW_BUNDLE_PATH)} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error('[build] could not bundle the workflows:', err);
  process.exit(1);
});

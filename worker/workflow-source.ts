import { existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

/**
 * Where the workflow code comes from: the prebuilt bundle (`npm run build`) when there is one, except in
 * `npm run dev` (`--dev`), where a bundle left by an earlier build would be stale.
 */
export const WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = path.join(repoRoot, 'temporal', 'workflows', 'index.ts');

export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const useBundle = !process.argv.includes('--dev') && existsSync(WORKFLOW_BUNDLE_PATH);
  return useBundle ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } } : { workflowsPath: WORKFLOWS_PATH };
}

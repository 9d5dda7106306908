import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

/**
 * Where the workflow code comes from: the prebuilt bundle (`npm run build`) when there is one, except in
 * `npm run dev` (`--dev`), where a bundle left by an earlier build would be stale.
 */
export const WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = path.join(repoRoot, 'temporal', 'workflows', 'index.ts');

/**
 * Workflow interceptors built into the workflow code, bundle and dev path alike: OpenTelemetry's, which
 * continue the starting request's trace in the workflow and hand it on to the activities. They are in
 * every build (with tracing off their spans go nowhere), so the bundle never depends on the environment.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  createRequire(__filename).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

export type WorkflowSource =
  | { workflowBundle: { codePath: string } }
  | { workflowsPath: string; interceptors: { workflowModules: string[] } };

export function workflowSource(): WorkflowSource {
  const useBundle = !process.argv.includes('--dev') && existsSync(WORKFLOW_BUNDLE_PATH);
  return useBundle
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };
}

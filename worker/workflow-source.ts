import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../common/codec/worker';

const repoRoot = path.resolve(__dirname, '..');

/**
 * Where the workflow code comes from: the prebuilt bundle (`npm run build`) when there is one, except in
 * `npm run dev` (`--dev`), where a bundle left by an earlier build would be stale.
 */
export const WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = path.join(repoRoot, 'temporal', 'workflows', 'index.ts');

/**
 * Workflow interceptors built into the workflow code, bundle and dev path alike: tracing
 * (temporal/workflows/tracing.ts), which continues the starting request's trace in the workflow and hands
 * it on to the activities, with OpenTelemetry's interceptors when that trace is recorded. They are in
 * every build, so the bundle never depends on the environment.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.join(repoRoot, 'temporal', 'workflows', 'tracing.ts')];

/**
 * What `npm run build` bundles (dist/workflow-bundle.js): the workflows, the tracing interceptors above,
 * and the failure converter the worker uses too (the workflow encodes its own failures).
 */
export function bundleOptions(): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

export type WorkflowSource =
  | { workflowBundle: { codePath: string } }
  | { workflowsPath: string; interceptors: { workflowModules: string[] } };

export function workflowSource(): WorkflowSource {
  const useBundle = !process.argv.includes('--dev') && existsSync(WORKFLOW_BUNDLE_PATH);
  return useBundle
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };
}

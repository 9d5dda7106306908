import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * Workflow interceptors built into the workflow code, bundle and dev path alike: OpenTelemetry's, which
 * continue the starting request's trace in the workflow and hand it on to the activities. They are in
 * every build (with tracing off their spans go nowhere), so the bundle never depends on the environment.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  createRequire(__filename).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/**
 * Libraries the workflow code evaluates once per worker instead of once per workflow run (the SDK keeps
 * every other module per run, so that no run sees another's module state, and freezes these). Only
 * libraries that keep no state and read no global of a run while they load: OpenTelemetry's table of
 * attribute names (about 250 KiB of constants its workflow interceptors import). Not its API (it keeps
 * the registered tracer provider) nor `@opentelemetry/core` (it keeps the run's `performance`).
 */
export const PRELOADED_MODULES = ['@opentelemetry/semantic-conventions'];

/** Files of the package `name` under any node_modules folder. */
function packageFiles(name: string): RegExp {
  return new RegExp(`[\\\\/]node_modules[\\\\/]${name.replace(/[/.]/g, (c) => `\\${c}`)}[\\\\/]`);
}

/** How webpack builds the workflow code, for the prebuilt bundle and `npm run dev` alike. */
export const BUNDLER_OPTIONS = {
  preloadModules: PRELOADED_MODULES,
  // The preloading `require()`s use nothing they import, and these packages say they have no side
  // effects: without this rule webpack drops those calls as dead code.
  webpackConfigHook: (config) => ({
    ...config,
    module: { ...config.module, rules: [...(config.module?.rules ?? []), ...PRELOADED_MODULES.map((name) => ({ test: packageFiles(name), sideEffects: true }))] },
  }),
} satisfies Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'>;

/**
 * What `npm run build` bundles (dist/workflow-bundle.js): the workflows, OpenTelemetry's workflow
 * interceptors, and the failure converter the worker uses too (the workflow encodes its own failures).
 */
export function bundleOptions(): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...BUNDLER_OPTIONS,
  };
}

export type WorkflowSource =
  | { workflowBundle: { codePath: string } }
  | { workflowsPath: string; interceptors: { workflowModules: string[] }; bundlerOptions: typeof BUNDLER_OPTIONS };

export function workflowSource(): WorkflowSource {
  const useBundle = !process.argv.includes('--dev') && existsSync(WORKFLOW_BUNDLE_PATH);
  return useBundle
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }, bundlerOptions: BUNDLER_OPTIONS };
}

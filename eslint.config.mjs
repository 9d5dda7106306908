import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

// ----- Layering: which folder may import which (tests/unit/lint-layering.test.ts proves these fire) -----

/** Matches an import of one of our top-level folders, written with the `@/` alias or a relative path. */
const folder = (names) => `^(@/|(\\.{1,2}/)+)(${names.join('|')})(/|$)`;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** temporal/shared modules with no zod and no SDK: pages may import their values. */
const pageValueModules = ['constants', 'new-hire-rules', 'plan-rules', 'plan-time'];
/** temporal/shared modules built on zod: pages may import their types only. */
const pageTypeModules = ['schemas', 'plans'];

/** Browser-side code: what the pages' client bundle may reach. */
const browserSide = [
  { group: ['@temporalio/*'], message: 'Components and browser code never import the Temporal SDK.' },
  {
    regex: folder(['server', 'common', 'worker']),
    message: 'Components and browser code never import server/, common/ or worker/: call the API through browser/.',
  },
  {
    regex: `${folder(['temporal']).replace('(/|$)', '/')}(?!shared/(${[...pageValueModules, ...pageTypeModules].join('|')})$)`,
    message: `Components and browser code import from temporal/ only the plain values of shared/${pageValueModules.join(', shared/')} and the types of shared/${pageTypeModules.join(', shared/')}.`,
  },
  {
    regex: `${folder(['temporal']).replace('(/|$)', '/')}shared/(${pageTypeModules.join('|')})$`,
    allowTypeImports: true,
    message: 'This module pulls zod into the page: import its types only (`import type`).',
  },
];

/** Code of the worker process and of the Temporal workflow, activities and integrations. */
const workerSide = [
  { regex: folder(['server', 'app', 'components', 'browser']), message: 'The worker and temporal/ never import web code (server/, app/, components/, browser/).' },
];

/** Workflow code is replayed deterministically in a sandbox: no Node built-ins, no I/O, nothing of the web app. */
const workflowCode = [
  ...workerSide,
  { regex: folder(['server', 'common', 'contract', 'browser', 'worker']), message: 'Workflow code imports only temporal/shared and the workflow SDK.' },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing', '@temporalio/envconfig'],
    message: 'Workflow code runs in the workflow sandbox: @temporalio/workflow and @temporalio/common only.',
  },
];

const restrict = (files, patterns, paths = []) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });

const layering = [
  restrict(['components/**', 'browser/**'], browserSide),
  restrict(['app/**'], [
    { group: ['@temporalio/worker', '@temporalio/worker/*'], message: 'The web app never loads the worker SDK.' },
    { regex: folder(['worker']), message: 'The web app never imports the worker process.' },
  ]),
  restrict(['worker/**', 'temporal/**'], workerSide),
  restrict(
    ['temporal/workflows/**'],
    workflowCode,
    nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/', '.next*/', '.data/', 'dist/', 'test-results/', 'playwright-report/', 'next-env.d.ts', '*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  ...layering,
  {
    // The pages reach the API through one typed client (browser/api.ts), never with their own URLs.
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    ignores: ['app/api/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through browser/api.ts.' }],
    },
  },
);

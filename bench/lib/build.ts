/**
 * Makes sure a production build of the web app exists in its own folder (NEXT_DIST_DIR) and is not older
 * than the code, so a chaos or bench run never measures yesterday's app.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE_ROOTS = [
  'app',
  'browser',
  'common',
  'components',
  'contract',
  'server',
  'temporal',
  'instrumentation.ts',
  'instrumentation-node.ts',
  'proxy.ts',
  'next.config.js',
  'package-lock.json',
];
const WORKFLOW_SOURCE_ROOTS = ['temporal'];

function newestMtime(root: string, entries: readonly string[]): number {
  let newest = 0;
  const visit = (target: string) => {
    if (!existsSync(target)) return;
    const stat = statSync(target);
    if (stat.isDirectory()) {
      for (const name of readdirSync(target)) if (name !== 'node_modules') visit(path.join(target, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return newest;
}

function mtimeOf(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/**
 * Builds `distDir` with `next build` when it is missing or older than the sources, and refreshes the
 * pre-bundled workflow code (dist/workflow-bundle.js) when it exists but is older than temporal/.
 */
export async function ensureProductionBuild(root: string, distDir: string, log: (line: string) => void): Promise<void> {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  if (mtimeOf(buildId) < newestMtime(root, SOURCE_ROOTS)) {
    log(`building the web app into ${distDir} (missing or older than the code; takes a few minutes on 2 cores)`);
    const tsconfigPath = path.join(root, 'tsconfig.json');
    const tsconfigBefore = readFileSync(tsconfigPath, 'utf8');
    try {
      await run('npx', ['next', 'build'], root, { ...process.env, NEXT_DIST_DIR: distDir }, 'next build');
    } finally {
      restoreTsconfigIfOnlyTypesAdded(tsconfigPath, tsconfigBefore, distDir);
    }
  } else {
    log(`reusing the build in ${distDir}`);
  }
  const bundle = path.join(root, 'dist', 'workflow-bundle.js');
  const bundler = path.join(root, 'scripts', 'bundle-workflows.ts');
  if (existsSync(bundle) && existsSync(bundler) && mtimeOf(bundle) < newestMtime(root, WORKFLOW_SOURCE_ROOTS)) {
    log('re-bundling the workflow code (dist/workflow-bundle.js is older than temporal/)');
    await run('npx', ['tsx', bundler], root, process.env, 'workflow bundle');
  }
}

/**
 * `next build` adds `<distDir>/types/**` to tsconfig.json's include list; that is local noise, not a change
 * anyone should commit, so it is undone when it is the only difference.
 */
function restoreTsconfigIfOnlyTypesAdded(tsconfigPath: string, before: string, distDir: string): void {
  const after = readFileSync(tsconfigPath, 'utf8');
  if (after === before) return;
  try {
    const parse = (text: string) => JSON.parse(text) as { include?: string[] } & Record<string, unknown>;
    const was = parse(before);
    const now = parse(after);
    const added = (now.include ?? []).filter((entry) => !(was.include ?? []).includes(entry));
    const sameOtherwise =
      JSON.stringify({ ...now, include: (now.include ?? []).filter((e) => !added.includes(e)) }) === JSON.stringify(was);
    if (sameOtherwise && added.every((entry) => entry.startsWith(`${distDir}/`))) writeFileSync(tsconfigPath, before);
  } catch {
    // Not JSON we understand: leave the file as next build wrote it.
  }
}

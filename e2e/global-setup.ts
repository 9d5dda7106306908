/**
 * Starts a fresh stack for the e2e run: its own data folder, Temporal on 7300 (UI 8300), web on 3100,
 * the control server on 3190 (process.env.STACK_CONTROL_URL), short retry intervals so retry paths
 * finish within a test's timeout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPortOpen, REPO_ROOT, Stack, serveStackControl } from '../scripts/lib/stack';
import { E2E_PORTS, setE2eStack } from './harness';

const DIST_DIR = process.env.NEXT_DIST_DIR || '.next-e2e';

function buildIfMissing(): void {
  const builtApp = existsSync(path.join(REPO_ROOT, DIST_DIR, 'BUILD_ID'));
  const builtWorkflows = existsSync(path.join(REPO_ROOT, 'dist', 'workflow-bundle.js'));
  if (builtApp && builtWorkflows) {
    // npm test has just built it; a bare `playwright test` reuses whatever build is there.
    if (!process.env.E2E_PREBUILT) console.log(`[e2e] using the existing build in ${DIST_DIR}/ (npm test rebuilds it)`);
    return;
  }
  console.log(`[e2e] no build in ${DIST_DIR}/: building it`);
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
  });
  if (result.status !== 0) throw new Error('the e2e build failed');
}

export default async function globalSetup(): Promise<void> {
  for (const port of Object.values(E2E_PORTS)) {
    // A leftover stack would answer instead of ours, with someone else's data.
    if (await isPortOpen(port)) throw new Error(`port ${port} is already in use: stop whatever listens there (a previous e2e run?)`);
  }
  buildIfMissing();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboarding-e2e-'));
  const verbose = Boolean(process.env.E2E_VERBOSE);
  const stack = new Stack({
    webPort: E2E_PORTS.web,
    temporalPort: E2E_PORTS.temporal,
    dataDir,
    distDir: DIST_DIR,
    env: {
      TEMPORAL_ADDRESS: `localhost:${E2E_PORTS.temporal}`,
      TEMPORAL_NAMESPACE: 'default',
      APP_URL: `http://localhost:${E2E_PORTS.web}`,
      TEMPORAL_UI_URL: `http://localhost:${E2E_PORTS.temporalUi}`,
      ONBOARDING_RETRY_INITIAL_INTERVAL: '300ms',
      ONBOARDING_RETRY_MAXIMUM_INTERVAL: '2s',
      SANDBOX: 'on',
      WORKER_METRICS_PORT: String(E2E_PORTS.workerMetrics),
      // Every line JSON, so the teardown can check the logs for hires' addresses.
      LOG_FORMAT: 'json',
    },
    logToFiles: true,
    echo: verbose,
    // Not restarted: a crash is a finding, and the tests after it would fail for a reason shown here.
    onUnexpectedExit: (name, code, signal, lastOutput) => {
      console.error(`[e2e] ${name} exited unexpectedly (${signal ?? `code ${code}`}); its last lines:\n${lastOutput}`);
    },
  });
  setE2eStack(stack);
  // If the runner dies without running the teardown, take the children with it.
  process.once('exit', () => stack.killAllNow());

  console.log(`[e2e] starting the stack (data and logs in ${dataDir}; E2E_VERBOSE=1 prints them)`);
  const startedAt = Date.now();
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const control = await serveStackControl(stack, E2E_PORTS.control);
  setE2eStack(stack, control);
  process.env.STACK_CONTROL_URL = `http://127.0.0.1:${E2E_PORTS.control}`;
  process.env.E2E_DATA_DIR = dataDir;
  console.log(`[e2e] stack ready in ${Math.round((Date.now() - startedAt) / 1000)}s`);
}

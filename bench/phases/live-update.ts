/** Phase 4, live updates: a step's state changing, to Chromium showing it on the detail page. */
import { SANDBOX_SERVICES, type Detail } from '../../contract/http';
import { STEP_KEYS } from '../../temporal/shared/schemas';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import { workflowIdFor } from '../../temporal/shared/contract';
import type { Bench } from '../harness';
import { makeHire } from '../lib/api-client';
import { percentiles, type Percentiles } from '../lib/stats';

/** Sandbox latency per service call while measuring live updates: longer than the page's 1 s polling. */
const LIVE_STEP_LATENCY_MS = 1500;

export interface LiveUpdateResult {
  onboardings: number;
  transitions: number;
  stepLatencyMs: number;
  latency: Percentiles;
  /** What was compared, per onboarding, so a surprising figure can be checked. */
  observations: Array<{
    id: string;
    observingSince: string;
    steps: Array<{ startedAt: string | null; completedAt: string | null }>;
    shown: Array<{ step: number; status: string; at: string }>;
  }>;
}

export async function liveUpdates(bench: Bench, onboardings: number): Promise<LiveUpdateResult> {
  const { chromium } = await import('@playwright/test');
  for (const service of SANDBOX_SERVICES) {
    const response = await bench.api.put('/api/sandbox/faults', { service, latencyMs: LIVE_STEP_LATENCY_MS, failRate: 0, failNext: 0 });
    if (response.status !== 200) throw new Error(`could not set sandbox latency: HTTP ${response.status}`);
  }
  const browser = await chromium.launch({
    // As the e2e tests: CHROMIUM_PATH (set by npm test), else the system's, else Playwright's own.
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  const latencies: number[] = [];
  const observations: LiveUpdateResult['observations'] = [];
  try {
    // The app's Content-Security-Policy forbids eval, which Playwright's string predicates use; the
    // observer only reads the DOM, so lifting the policy in this browser changes nothing measured.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (let index = 0; index < onboardings; index++) {
      const employeePrefix = `live-${bench.tag}`;
      const response = await bench.api.post('/api/onboardings', makeHire(employeePrefix, index));
      if (response.status !== 201) throw new Error(`start failed: HTTP ${response.status}`);
      const id = workflowIdFor(`${employeePrefix}-${index}`);
      await page.goto(`${bench.stack.appUrl}/onboardings/${id}`);
      await page.getByRole('list', { name: 'Onboarding steps' }).waitFor({ timeout: 30_000 });
      const observingSince = await page.evaluate<number>(INSTALL_STEP_OBSERVER);
      await page.waitForFunction(ALL_STEPS_COMPLETED, undefined, { timeout: 60_000, polling: 100 });
      const shown = await page.evaluate<ShownStatus[]>('window.__benchStepLog');
      const detailResponse = await bench.api.get(`/api/onboardings/${id}`);
      const detail = detailResponse.body as Detail;
      latencies.push(...transitionLatencies(detail, shown, observingSince));
      observations.push({
        id,
        observingSince: new Date(observingSince).toISOString(),
        steps: detail.steps.map(({ startedAt, completedAt }) => ({ startedAt, completedAt })),
        shown: shown.map(({ step, status, at }) => ({ step, status, at: new Date(at).toISOString() })),
      });
      bench.completedIds.push(id);
    }
  } finally {
    await browser.close();
    for (const service of SANDBOX_SERVICES) {
      await bench.api.put('/api/sandbox/faults', { service, latencyMs: 0 }).catch(() => undefined);
    }
  }
  return {
    onboardings,
    transitions: latencies.length,
    stepLatencyMs: LIVE_STEP_LATENCY_MS,
    latency: percentiles(latencies),
    observations,
  };
}

// ----- what the page showed, and when -----

interface ShownStatus {
  step: number;
  status: string;
  at: number;
}

/**
 * Installed in the detail page: records, for each step of the "Onboarding steps" list, every change of its
 * status badge with the time the DOM changed. A string, so the bundler's helpers never leak into the page.
 */
const INSTALL_STEP_OBSERVER = `(() => {
  const labels = ${JSON.stringify(['Pending', 'Running', 'Retrying', 'Completed', 'Failed', 'Skipped', 'Cancelled', 'Compensated'])};
  const shown = [];
  const last = [];
  window.__benchStepLog = shown;
  const read = () => {
    const list = document.querySelector('ol[aria-label="Onboarding steps"]');
    if (!list) return;
    const at = Date.now();
    Array.from(list.children).forEach((item, step) => {
      const status = Array.from(item.querySelectorAll('span'))
        .map((span) => (span.textContent || '').trim())
        .find((text) => labels.includes(text));
      if (status && status !== last[step]) {
        last[step] = status;
        shown.push({ step, status, at });
      }
    });
  };
  read();
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  return Date.now();
})()`;

const ALL_STEPS_COMPLETED = `(() => {
  const list = document.querySelector('ol[aria-label="Onboarding steps"]');
  return !!list && list.children.length === ${STEP_KEYS.length} && (window.__benchStepLog || [])
    .filter((entry) => entry.status === 'Completed').length >= ${STEP_KEYS.length};
})()`;

/**
 * For each step, two transitions: pending -> running (at the step's startedAt) and running -> completed
 * (at completedAt), both stamped by the workflow when it changed its state. The page has shown a change
 * once its badge shows that status or a later one. Changes from before the observer was installed (the
 * page loaded after them) are not counted.
 */
function transitionLatencies(detail: Detail, shown: ShownStatus[], observingSince: number): number[] {
  const latencies: number[] = [];
  detail.steps.forEach((step, index) => {
    const transitions: Array<[string | null, string[]]> = [
      [step.startedAt, ['Running', 'Retrying', 'Completed']],
      [step.completedAt, ['Completed']],
    ];
    for (const [changedAtIso, statuses] of transitions) {
      if (!changedAtIso) continue;
      const changedAt = Date.parse(changedAtIso);
      if (changedAt < observingSince) continue;
      const firstShown = shown.find((entry) => entry.step === index && statuses.includes(entry.status));
      if (firstShown) latencies.push(Math.max(0, firstShown.at - changedAt));
    }
  });
  return latencies;
}

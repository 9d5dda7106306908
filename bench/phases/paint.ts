/**
 * Phase 6, first paint with data: largest contentful paint (LCP) of the list `/` and of a completed
 * onboarding's detail, in Chromium, each load in a fresh browser context (no cache, as a first visit),
 * with the namespace as the latency phase left it (10,000 onboardings in a full run). Each load also
 * checks what the first HTML carried: rows of the table, or the hire's name on the detail, rather than
 * a skeleton waiting for the browser's own request.
 */
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import type { Bench } from '../harness';
import { round } from '../lib/helpers';
import { formatMs, percentiles, type Percentiles } from '../lib/stats';
import { log } from '../harness';

export interface PagePaint {
  page: string;
  loads: number;
  lcp: Percentiles;
  /** Loads whose first HTML already held the data (table rows / the hire's name). */
  withDataInHtml: number;
  /** The element LCP chose on the last load, to see what was measured. */
  lcpElement: string;
}

export interface PaintResult {
  onboardingsInNamespace: number;
  pages: PagePaint[];
}

/** Reads LCP once the page is loaded: the last entry the observer reported (buffered: from navigation on). */
const READ_LCP = `new Promise((resolve) => {
  let last;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) last = entry; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => resolve(last ? { ms: last.startTime, element: (last.element?.tagName ?? '?') + ' ' + (last.element?.textContent ?? '').trim().slice(0, 40) } : null), 300);
})`;

export async function firstPaint(bench: Bench, loads: number): Promise<PaintResult> {
  const { chromium } = await import('@playwright/test');
  const detailId = bench.completedIds[0];
  if (!detailId) throw new Error('no completed onboarding to open');
  const detailName = ((await bench.api.get(`/api/onboardings/${detailId}`)).body as { input?: { fullName?: string } }).input?.fullName ?? '';
  const targets = [
    { page: '/', path: '/', dataMarker: 'href="/onboardings/onboarding-' },
    { page: '/onboardings/[id]', path: `/onboardings/${detailId}`, dataMarker: detailName },
  ];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const pages: PagePaint[] = [];
  try {
    for (const target of targets) {
      const values: number[] = [];
      let withDataInHtml = 0;
      let lcpElement = '';
      for (let index = 0; index < loads + 1; index++) {
        // The app's Content-Security-Policy forbids eval, which page.evaluate of a string needs.
        const context = await browser.newContext({ bypassCSP: true });
        const page = await context.newPage();
        const response = await page.goto(`${bench.stack.appUrl}${target.path}`, { waitUntil: 'load' });
        const html = (await response?.text()) ?? '';
        const lcp = await page.evaluate<{ ms: number; element: string } | null>(READ_LCP);
        await context.close();
        // The first load pays for compiling the page on the server: not counted.
        if (index === 0) continue;
        if (!lcp) throw new Error(`no largest-contentful-paint entry for ${target.page}`);
        values.push(round(lcp.ms));
        lcpElement = lcp.element;
        if (target.dataMarker && html.includes(target.dataMarker)) withDataInHtml += 1;
      }
      const lcp = percentiles(values);
      log(`  ${target.page}: LCP p50 ${formatMs(lcp.p50)}, p95 ${formatMs(lcp.p95)}; data in the first HTML ${withDataInHtml}/${values.length}`);
      pages.push({ page: target.page, loads: values.length, lcp, withDataInHtml, lcpElement });
    }
  } finally {
    await browser.close();
  }
  return { onboardingsInNamespace: await bench.onboardingCount(), pages };
}

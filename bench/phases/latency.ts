/**
 * Phase 3, API latency: start, detail (of a completed onboarding and of one waiting for a person) and list,
 * with the namespace seeded to each level (1,000 and 10,000 onboardings by default).
 */
import { performance } from 'node:perf_hooks';
import { SA_NAME_TOKENS, SA_STATUS, SA_STEP, WORKFLOW_TYPE, workflowIdFor, type OnboardingMemo } from '../../temporal/shared/contract';
import { isoDay } from '../../temporal/shared/schemas';
import type { Detail } from '../../contract/http';
import { log, type Bench } from '../harness';
import { makeHire } from '../lib/api-client';
import { round, runPool } from '../lib/helpers';
import { formatMs, percentiles, type Percentiles } from '../lib/stats';
import { sleep } from '../lib/time';
import { SEED_TASK_QUEUE } from '../baseline/names';
import { oursThroughput } from './throughput';

/** Starts in the latency phase come at a steady 4 per second: about half what one worker completes. */
const START_INTERVAL_MS = 250;

export interface LatencyLevel {
  onboardingsInNamespace: number;
  seeded: number;
  start: Percentiles;
  /** A completed onboarding: read from its close event. */
  detail: Percentiles;
  /** An onboarding waiting for a person (needs attention): live, read with the workflow's progress query. */
  detailLive: Percentiles;
  list: Percentiles;
  listItemsOnFirstPage: number;
}

/**
 * Seeds executions of type onboardingWorkflow until the namespace holds `target` of them: started with
 * the Temporal client (memo and search attributes as the web app sets them, memo encrypted by the same
 * codec) on the seed task queue, where the baseline process's no-op workflow completes them at once.
 */
async function seedTo(bench: Bench, target: number): Promise<number> {
  const have = await bench.onboardingCount();
  const missing = target - have;
  if (missing <= 0) return 0;
  log(`seeding ${missing} onboardings (namespace has ${have})`);
  const startDate = isoDay(new Date(), 14);
  const t0 = Date.now();
  let seeded = 0;
  await runPool(missing, 50, async (index) => {
    const employeeId = `seed-${bench.tag}-${target}-${index}`;
    const hire = makeHire(`seed-${bench.tag}-${target}`, index);
    const memo: OnboardingMemo = {
      employeeId,
      fullName: hire.fullName,
      role: hire.role,
      department: hire.department,
      startDate,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await bench.temporal.workflow.start(WORKFLOW_TYPE, {
          taskQueue: SEED_TASK_QUEUE,
          workflowId: workflowIdFor(employeeId),
          // No input: the seed workflow ignores it, and its worker has no key to decrypt it.
          args: [],
          memo: { ...memo },
          typedSearchAttributes: [
            { key: SA_STATUS, value: 'completed' },
            { key: SA_STEP, value: 'slack-notification' },
            { key: SA_NAME_TOKENS, value: [] },
          ],
        });
        seeded += 1;
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await sleep(500 * attempt);
      }
    }
    if (seeded % 1000 === 0) log(`  seeded ${seeded}/${missing} (${round(seeded / ((Date.now() - t0) / 1000))}/s)`);
  });
  // Wait for the seeds to close so the list sees a settled namespace, as in a long-running deployment.
  await bench.waitForClosed(workflowIdFor(`seed-${bench.tag}-${target}-`), missing, 60_000);
  log(`seeded ${missing} in ${round((Date.now() - t0) / 1000)} s`);
  return missing;
}

export async function apiLatency(bench: Bench, level: number): Promise<LatencyLevel> {
  if (bench.completedIds.length === 0) {
    // Run on its own (--only latency): detail requests need real onboardings to ask about.
    await oursThroughput(bench, Math.min(10, bench.options.count), 'detail', 'for detail requests');
  }
  const seeded = await seedTo(bench, level);
  const onboardingsInNamespace = await bench.onboardingCount();
  const samples = bench.options.samples;
  const time = async (request: () => Promise<{ status: number }>, okStatus: number): Promise<number> => {
    const t0 = performance.now();
    const response = await request();
    const ms = performance.now() - t0;
    if (response.status !== okStatus) throw new Error(`expected HTTP ${okStatus}, got ${response.status}`);
    return round(ms);
  };
  const measure = async (
    name: string,
    request: (index: number) => Promise<{ status: number }>,
    okStatus: number,
    intervalMs = 0,
  ) => {
    // Warm-up requests are not counted: the first ones pay for lazy compilation and connection set-up.
    for (let index = 0; index < 5; index++) await request(-1 - index);
    const values: number[] = [];
    for (let index = 0; index < samples; index++) {
      const began = Date.now();
      values.push(await time(() => request(index), okStatus));
      const rest = intervalMs - (Date.now() - began);
      if (rest > 0) await sleep(rest);
    }
    log(`  ${name}: p50 ${formatMs(percentiles(values).p50)}, p95 ${formatMs(percentiles(values).p95)}`);
    return percentiles(values);
  };
  log(`API latency with ${onboardingsInNamespace} onboardings in the namespace (${samples} sequential requests each)`);
  let listItemsOnFirstPage = 0;
  const list = await measure(
    'GET /api/onboardings',
    async () => {
      const response = await bench.api.get('/api/onboardings');
      const body = response.body as { items?: unknown[] };
      listItemsOnFirstPage = body.items?.length ?? 0;
      return response;
    },
    200,
  );
  const ids = bench.completedIds;
  const detail = await measure(
    'GET /api/onboardings/:id (completed)',
    (index) => bench.api.get(`/api/onboardings/${ids[Math.abs(index * 7919) % ids.length] ?? ids[0]}`),
    200,
  );
  // What a detail page polls every second: a live onboarding, answered by the workflow's query.
  const live = await onboardingsNeedingAttention(bench, bench.options.attentionOnboardings);
  const detailLive = await measure(
    'GET /api/onboardings/:id (needs attention)',
    (index) => bench.api.get(`/api/onboardings/${live[Math.abs(index) % live.length] ?? live[0]}`),
    200,
  );
  const start = await measure(
    'POST /api/onboardings',
    (index) => bench.api.post('/api/onboardings', makeHire(`lat-${bench.tag}-${level}`, index < 0 ? 1_000_000 - index : index)),
    201,
    // Every start sets an onboarding running; back to back they would pile up past what the stack
    // completes per second, and this would measure that queue instead of the start.
    START_INTERVAL_MS,
  );
  return { onboardingsInNamespace, seeded, start, detail, detailLive, list, listItemsOnFirstPage };
}

/**
 * Onboardings that stop at "Needs attention" (their Slack channel does not exist) and stay live until a
 * person decides; made once and reused at every level.
 */
async function onboardingsNeedingAttention(bench: Bench, count: number): Promise<string[]> {
  for (let index = bench.attentionIds.length; index < count; index++) {
    const hire = { ...makeHire(`attention-${bench.tag}`, index), slackChannel: '#no-such-channel' };
    const response = await bench.api.post('/api/onboardings', hire);
    if (response.status !== 201) throw new Error(`could not start an onboarding: HTTP ${response.status}`);
    bench.attentionIds.push(workflowIdFor(hire.employeeId));
  }
  const deadline = Date.now() + 60_000;
  for (const id of bench.attentionIds) {
    for (;;) {
      const { status } = (await bench.api.get(`/api/onboardings/${id}`)).body as Partial<Detail>;
      if (status === 'needs_attention') break;
      if (Date.now() > deadline) throw new Error(`${id} did not come to need attention within 60 s (it is ${status ?? 'unknown'})`);
      await sleep(250);
    }
  }
  return bench.attentionIds;
}

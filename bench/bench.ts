/**
 * `npm run bench`: what users feel and what operators pay, side by side with the limit.
 *
 * Starts its own stack (web 3800, Temporal dev server 7800, data in .data/bench-<ts>, production build in
 * .next-bench, sandbox with zero latency and no faults) and measures in one run:
 *   1. throughput: onboardings completed per second, started through the HTTP API at concurrency 50, and
 *      a bare four-activity no-op workflow (bench/baseline) started with the Temporal client on the same
 *      server, the limit, taking turns in rounds; then ours again with two workers;
 *   2. end-to-end time of one onboarding, start to completed;
 *   3. API latency of start, detail (of a completed onboarding and of one waiting for a person) and list
 *      with 1,000 and 10,000 onboardings in the namespace;
 *   4. live-update latency: a step's state changing to Chromium showing it;
 *   5. peak RSS of the worker and web processes, and first-load JS of each page.
 * Prints a table and writes bench/results/latest.json (see docs/performance.md). Each measurement is a
 * module of bench/phases/; bench/harness.ts runs the stack they share; this file runs them in order.
 *
 * Flags: --count N (default 500), --concurrency N (50), --samples N (200 requests per endpoint and level),
 * --rounds N (2: bare and ours alternate N times, sharing --count), --dist-dir DIR (.next-bench), --tiny
 * (a few onboardings, small seeds, no 10k: keeps the command working inside `npm test`; writes its results
 * into its data folder, not over latest.json), --only PHASES (some of throughput,e2e,latency,live),
 * --no-build (reuse the build folder even if older than the code), --cpu-prof (profile the web, worker and
 * baseline worker processes; summarised in the report, the profiles stay in <data folder>/profiles), --cluster
 * (Temporal is the production topology's, server 1.29.1 on PostgreSQL 15 with ports around 7850 and PostgreSQL
 * on 5850, instead of the dev server; the same phases; results in bench/results/cluster-latest.json).
 * Exit code 1 only when a measurement could not be made; missed goals are reported, not fatal.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/stack';
import { Bench, log, type RunPhase } from './harness';
import { errorMessage, round } from './lib/helpers';
import { summariseProfiles } from './lib/cpu-profile';
import { parseOptions, PHASES } from './options';
import { endToEnd } from './phases/end-to-end';
import { apiLatency } from './phases/latency';
import { liveUpdates } from './phases/live-update';
import { collectResources } from './phases/resources';
import { measureThroughput, oursThroughput } from './phases/throughput';
import { startLatency } from './phases/start-latency';
import { firstPaint } from './phases/paint';
import { goals, machine, printReport, type Report } from './report';

// ----- main -----

async function main(): Promise<void> {
  const options = parseOptions();
  const { tiny, phases, ...rest } = options;
  const settings = { ...rest, phases: PHASES.filter((phase) => phases.has(phase)) };
  const report: Report = {
    mode: tiny ? 'tiny' : options.fullSize ? 'full' : 'sized',
    startedAt: new Date().toISOString(),
    machine: machine(options.cluster),
    settings,
    errors: [],
  };
  const bench = new Bench(options);
  const phase: RunPhase = async (name, run) => {
    log(`${name}...`);
    const t0 = Date.now();
    try {
      const result = await run();
      log(`${name}: done in ${round((Date.now() - t0) / 1000)} s`);
      return result;
    } catch (error) {
      report.errors.push(`${name}: ${errorMessage(error)}`);
      console.error(`[bench] ${name} failed:`, error);
      return undefined;
    } finally {
      // What is measured so far survives an interrupted run.
      writeFileSync(path.join(bench.dataDir, 'bench-results-so-far.json'), `${JSON.stringify(report, null, 2)}\n`);
    }
  };

  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log('interrupted: stopping the stack');
    void bench.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => bench.killAllNow());

  try {
    await bench.start();
    if (options.phases.has('throughput')) report.throughput = await measureThroughput(bench, options, phase);
    if (options.phases.has('start')) {
      report.startLatency = await phase('start latency', () => startLatency(bench, Math.min(options.samples, 100), options.startBurst));
    }
    if (options.phases.has('e2e')) report.endToEnd = await phase('end-to-end', () => endToEnd(bench, options.endToEndRuns));
    if (options.phases.has('latency')) {
      report.latency = [];
      for (const level of options.levels) {
        const result = await phase(`API latency at ${level}`, () => apiLatency(bench, level));
        if (result) report.latency.push(result);
      }
    }
    if (options.phases.has('live')) {
      report.liveUpdate = await phase('live updates in Chromium', () => liveUpdates(bench, options.liveOnboardings));
    }
    if (options.phases.has('paint')) {
      if (bench.completedIds.length === 0) await phase('onboardings to open', () => oursThroughput(bench, 3, 'paint', 'for the pages'));
      report.paint = await phase('first paint in Chromium', () => firstPaint(bench, options.paintLoads));
    }
  } catch (error) {
    report.errors.push(`stack: ${errorMessage(error)}`);
    console.error('[bench] could not run:', error);
  } finally {
    await bench.stop().catch((error: unknown) => report.errors.push(`stop: ${errorMessage(error)}`));
  }
  report.errors.push(...bench.failures);

  report.resources = collectResources(bench, options.distDir);
  if (options.cpuProfile) report.cpuProfiles = summariseProfiles(path.join(bench.dataDir, 'profiles'));
  report.finishedAt = new Date().toISOString();
  report.loadAverageAtEnd = os.loadavg().map((load) => round(load, 2));
  report.goals = goals(report);
  printReport(report);

  // Only a complete run at full size replaces the published figures (those of the cluster topology:
  // cluster-latest.json); a medium run (`--count 200 --levels 1000`) is written as partial.
  const complete = options.fullSize && options.phases.size === PHASES.length && !report.errors.some((error) => error.startsWith('stack: '));
  // Others go next to it under a git-ignored name (.tmp), outliving the data folder a tiny run removes.
  const topology = options.cluster ? 'cluster-' : '';
  const resultsFile = path.join(REPO_ROOT, 'bench', 'results', complete ? `${topology}latest.json` : `${topology}${tiny ? 'tiny' : 'partial'}.tmp`);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  log(`results written to ${path.relative(REPO_ROOT, resultsFile)}`);
  if (tiny && report.errors.length === 0) {
    // A tiny run only proves the command works; its data is of no further use.
    bench.removeClusterData();
    rmSync(bench.dataDir, { recursive: true, force: true });
  }
  process.exit(report.errors.length === 0 ? 0 : 1);
}

void main();

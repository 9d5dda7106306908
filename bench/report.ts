/** The bench's report: the machine it ran on, the goals each figure is held to, and the printed table. */
import os from 'node:os';
import { round } from './lib/helpers';
import { formatMs, type Percentiles } from './lib/stats';
import type { BenchOptions, Phase } from './options';
import type { LatencyLevel } from './phases/latency';
import type { LiveUpdateResult } from './phases/live-update';
import type { Resources } from './phases/resources';
import type { ThroughputReport } from './phases/throughput';
import type { StartLatency } from './phases/start-latency';
import type { PaintResult } from './phases/paint';
import type { ProfileSummary } from './lib/cpu-profile';

export interface Goal {
  name: string;
  goal: string;
  actual: string;
  met: boolean | null;
}

// ----- machine -----

export function machine(cluster = false) {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    temporalServer: cluster
      ? 'Temporal server 1.29.1 on PostgreSQL 15 (npm run cluster topology: SQL persistence and visibility)'
      : 'temporal CLI 1.5.1 dev server (server 1.29.1, SQLite file in WAL mode)',
    /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every figure. */
    loadAverageAtStart: os.loadavg().map((load) => round(load, 2)),
  };
}

// ----- report -----

export function goals(report: Report): Goal[] {
  const list: Goal[] = [];
  const add = (name: string, goal: string, actual: number | null, format: (v: number) => string, met: (v: number) => boolean) =>
    list.push({ name, goal, actual: actual === null ? '–' : format(actual), met: actual === null ? null : met(actual) });
  add('throughput ours / same-work', '>= 0.90', report.throughput?.sameWorkRatio ?? null, (v) => v.toFixed(2), (v) => v >= 0.9);
  add('scale-out: 2 workers / 1 worker', '> 1.00', report.throughput?.scaleOut ?? null, (v) => v.toFixed(2), (v) => v > 1);
  const starts = report.startLatency;
  add(
    `start p95 at concurrency ${starts?.concurrent.concurrency ?? 20}: ours / bare client start`,
    '<= 1.5x',
    starts?.concurrent.p95Ratio ?? null,
    (v) => `${v.toFixed(2)}x`,
    (v) => v <= 1.5,
  );
  add('sequential start p50: ours - bare client start', '<= 10 ms', starts?.sequential.p50DifferenceMs ?? null, (v) => `${round(v)} ms`, (v) => v <= 10);
  const top = report.latency?.at(-1);
  const ms = (v: number) => formatMs(v);
  add(`start p95 (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.start.p95 ?? null, ms, (v) => v <= 50);
  add(`detail p95, completed (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.detail.p95 ?? null, ms, (v) => v <= 50);
  add(`detail p95, needs attention (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 50 ms', top?.detailLive.p95 ?? null, ms, (v) => v <= 50);
  add(`list p95 (${top?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 100 ms', top?.list.p95 ?? null, ms, (v) => v <= 100);
  add('end-to-end p50', '<= 1 s', report.endToEnd?.client.p50 ?? null, ms, (v) => v <= 1000);
  add('live update p95 (1 s polling)', '<= 1.5 s', report.liveUpdate?.latency.p95 ?? null, ms, (v) => v <= 1500);
  for (const page of report.paint?.pages ?? []) {
    add(`largest contentful paint p95 ${page.page} (${report.paint?.onboardingsInNamespace ?? '?'} in namespace)`, '<= 1 s', page.lcp.p95, ms, (v) => v <= 1000);
    add(`first HTML carries the data ${page.page}`, `all ${page.loads} loads`, page.withDataInHtml, (v) => `${v} of ${page.loads}`, (v) => v === page.loads);
  }
  for (const route of report.resources?.firstLoadJs ?? []) {
    add(`first-load JS ${route.route}`, '<= 150 kB gz', route.gzipKB, (v) => `${v} kB`, (v) => v <= 150);
  }
  return list;
}

export interface Report {
  /** `sized`: sizes given on the command line (e.g. a medium run); its settings say which. */
  mode: 'full' | 'sized' | 'tiny';
  startedAt: string;
  finishedAt?: string;
  loadAverageAtEnd?: number[];
  machine: ReturnType<typeof machine>;
  /** The options, with the phases that ran as a list (a Set would be written as `{}`). */
  settings: Omit<BenchOptions, 'tiny' | 'phases'> & { phases: Phase[] };
  throughput?: ThroughputReport;
  endToEnd?: { client: Percentiles; server: Percentiles };
  startLatency?: StartLatency;
  latency?: LatencyLevel[];
  liveUpdate?: LiveUpdateResult;
  paint?: PaintResult;
  cpuProfiles?: ProfileSummary[];
  resources?: Resources;
  goals?: Goal[];
  errors: string[];
}

export function printReport(report: Report): void {
  const rows: string[][] = [];
  const t = report.throughput;
  if (t) {
    for (const result of [t.bare, t.sameWork, t.ours, t.oursTwoWorkers]) {
      const cpu = Object.entries(result.cpuMsPerWorkflow)
        .filter(([, ms]) => ms >= 0.5)
        .map(([role, ms]) => `${role} ${Math.round(ms)}`)
        .join(', ');
      rows.push([
        `throughput: ${result.label}`,
        `${result.perSecond}/s`,
        `${result.completed}/${result.started} in ${result.seconds} s · CPU ms each: ${cpu}`,
      ]);
    }
    const rounds = (ratios: number[]) => `per round ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`;
    rows.push(['throughput ratio ours / same-work', t.sameWorkRatio.toFixed(2), rounds(t.sameWorkRoundRatios)]);
    rows.push(['throughput ratio ours / bare no-op', t.ratio.toFixed(2), `${rounds(t.roundRatios)} · scale-out 2 workers / 1: ${t.scaleOut.toFixed(2)}`]);
  }
  if (report.startLatency) {
    const { sequential, concurrent } = report.startLatency;
    const both = (ours: Percentiles, bare: Percentiles, at: 'p50' | 'p95') => `ours ${formatMs(ours[at])}, bare ${formatMs(bare[at])}`;
    rows.push(['start, one at a time', `p50 ${both(sequential.ours, sequential.bare, 'p50')}`, `p95 ${both(sequential.ours, sequential.bare, 'p95')}`]);
    rows.push([`start at concurrency ${concurrent.concurrency}`, `p50 ${both(concurrent.ours, concurrent.bare, 'p50')}`, `p95 ${both(concurrent.ours, concurrent.bare, 'p95')}`]);
  }
  if (report.endToEnd) {
    const { client, server } = report.endToEnd;
    rows.push(['end-to-end (POST -> completed)', `p50 ${formatMs(client.p50)}`, `p95 ${formatMs(client.p95)} · server-side p50 ${formatMs(server.p50)}`]);
  }
  for (const level of report.latency ?? []) {
    for (const [name, p] of [
      ['POST /api/onboardings', level.start],
      ['GET /api/onboardings/:id (completed)', level.detail],
      ['GET /api/onboardings/:id (needs attention)', level.detailLive],
      ['GET /api/onboardings', level.list],
    ] as const) {
      rows.push([`${name} @${level.onboardingsInNamespace}`, `p50 ${formatMs(p.p50)}`, `p95 ${formatMs(p.p95)} · p99 ${formatMs(p.p99)}`]);
    }
  }
  if (report.liveUpdate) {
    const { latency, transitions } = report.liveUpdate;
    rows.push(['live update (state -> DOM)', `p50 ${formatMs(latency.p50)}`, `p95 ${formatMs(latency.p95)} over ${transitions} transitions`]);
  }
  for (const page of report.paint?.pages ?? []) {
    rows.push([`largest contentful paint ${page.page}`, `p50 ${formatMs(page.lcp.p50)}`, `p95 ${formatMs(page.lcp.p95)} over ${page.loads} loads · LCP element ${page.lcpElement}`]);
  }
  if (report.resources) {
    const { peakRssMiB, firstLoadJs: routes } = report.resources;
    rows.push(['peak RSS', `worker ${peakRssMiB.worker ?? '–'} MiB`, `web ${peakRssMiB.web ?? '–'} MiB · temporal ${peakRssMiB.temporal ?? '–'} MiB${peakRssMiB.postgres === null ? '' : ` · postgres ${peakRssMiB.postgres} MiB`}`]);
    for (const route of routes ?? []) rows.push([`first-load JS ${route.route}`, `${route.gzipKB} kB gz`, `${route.rawKB} kB raw, ${route.chunks} chunks`]);
  }
  for (const profile of report.cpuProfiles ?? []) {
    const top = profile.top.slice(0, 5).map((entry) => `${entry.owner} ${Math.round(entry.share * 100)}%`).join(', ');
    rows.push([`CPU profile ${profile.role}`, `${Math.round(profile.busyMs)} ms busy`, top]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  console.log('');
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`);
  console.log('');
  for (const goal of report.goals ?? []) {
    const mark = goal.met === null ? '?' : goal.met ? 'ok' : 'MISSED';
    console.log(`  [${mark.padEnd(6)}] ${goal.name}: ${goal.actual} (goal ${goal.goal})`);
  }
  for (const error of report.errors) console.log(`  [ERROR ] ${error}`);
  console.log('');
}

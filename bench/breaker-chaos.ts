/**
 * `npm run chaos -- --breaker`: proves the per-service breaker really stops the calls. Starts its own
 * stack (the ports of `npm run chaos`, data in .data/chaos-breaker-<ts>), makes the sandbox's Slack fail
 * 100 % of calls for --outage (30 s), starts --count (50) onboardings over the first part of the outage
 * (--rate per second), then makes Slack healthy again and waits for every onboarding.
 *
 * Verdict (exit code 0 only if all hold): every onboarding completed, none ever needed a person
 * (`needs_attention`), each posted exactly one Slack message, and the Slack service received at most
 * BREAKER_FAILURES + one probe per cooldown during the outage. Writes bench/results/chaos-breaker-latest.{json,md}.
 *
 * Flags: --count N (50), --outage 30s, --rate N (starts per second, 5), --cooldown 10s (BREAKER_COOLDOWN
 * for this run; short, so the outage sees probes fail and re-open the breaker), --failures N (BREAKER_FAILURES, 5),
 * --dist-dir DIR (.next-chaos), --keep-data.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, Stack } from '../scripts/lib/stack';
import { parseHumanDuration } from '../common/config';
import { sandboxStateSchema } from '../contract/http';
import { ApiClient, makeHire } from './lib/api-client';
import { ensureProductionBuild } from './lib/build';
import { sleep } from './lib/time';

const WEB_PORT = 3700 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const TEMPORAL_PORT = 7700 + Number(process.env.E2E_PORT_OFFSET ?? 0);
/** How long the onboardings get to finish once Slack is healthy again. */
const FINISH_TIMEOUT_MS = 180_000;

interface Options {
  count: number;
  outageMs: number;
  startsPerSecond: number;
  cooldown: string;
  failures: number;
  distDir: string;
  keepData: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const positive = (flag: string, fallback: number) => {
    const raw = value(flag);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} must be a positive number, got "${raw}"`);
    return parsed;
  };
  const duration = (flag: string, fallback: string) => {
    const raw = value(flag) ?? fallback;
    if (parseHumanDuration(raw) === undefined) throw new Error(`${flag} must be a duration like 10s, got "${raw}"`);
    return raw;
  };
  return {
    count: positive('--count', 50),
    outageMs: parseHumanDuration(duration('--outage', '30s')) as number,
    startsPerSecond: positive('--rate', 5),
    cooldown: duration('--cooldown', '10s'),
    failures: positive('--failures', 5),
    distDir: value('--dist-dir') ?? '.next-chaos',
    keepData: argv.includes('--keep-data'),
  };
}

let clockZero = Date.now();
const elapsed = () => (Date.now() - clockZero) / 1000;
const log = (line: string) => console.log(`[chaos-breaker t+${elapsed().toFixed(1)}s] ${line}`);

interface BreakerSample {
  t: number;
  state: string;
  reason: string | null;
  failureStreak: number;
}

async function slackCalls(api: ApiClient): Promise<{ calls: number; deliveries: { idempotencyKey: string | null }[] }> {
  const response = await api.get('/api/sandbox/state');
  if (response.status !== 200) throw new Error(`sandbox state: ${response.status}`);
  const state = sandboxStateSchema.parse(response.body);
  return { calls: state.calls.slack, deliveries: state.deliveries.slack };
}

async function setSlack(api: ApiClient, failRate: number): Promise<void> {
  const response = await api.put('/api/sandbox/faults', { service: 'slack', failRate, failNext: 0, latencyMs: 0, permanent: false, after: false });
  if (response.status !== 200) throw new Error(`could not set Slack's faults: ${response.status}`);
}

export async function runBreakerChaos(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const command = `npm run chaos -- ${argv.join(' ')}`;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dataDir = path.join(REPO_ROOT, '.data', `chaos-breaker-${stamp}`);
  const prefix = `brk${Date.now().toString(36)}`;
  await ensureProductionBuild(REPO_ROOT, options.distDir, log);
  const stack = new Stack({
    webPort: WEB_PORT,
    temporalPort: TEMPORAL_PORT,
    dataDir,
    distDir: options.distDir,
    env: {
      SANDBOX: 'on',
      APP_URL: undefined,
      WORKER_METRICS_PORT: '0',
      BREAKER_FAILURES: String(options.failures),
      BREAKER_WINDOW: '1m',
      BREAKER_COOLDOWN: options.cooldown,
    },
    echo: false,
    logToFiles: true,
    log,
  });
  process.on('exit', () => stack.killAllNow());
  const cooldownMs = parseHumanDuration(options.cooldown) as number;
  let exitCode = 1;
  try {
    await stack.start();
    const api = new ApiClient(stack.appUrl, 20_000);
    const ids = Array.from({ length: options.count }, (_, n) => `onboarding-${prefix}-${n}`);
    const statuses = new Map<string, string>();
    const neededPerson = new Set<string>();
    const samples: BreakerSample[] = [];

    clockZero = Date.now();
    await setSlack(api, 1);
    const before = await slackCalls(api);
    log(`Slack fails 100 % for ${options.outageMs / 1000} s; starting ${options.count} onboardings at ${options.startsPerSecond}/s`);

    let watching = true;
    const watchBreaker = (async () => {
      while (watching) {
        const response = await api.get('/api/services').catch(() => undefined);
        const slack = Array.isArray(response?.body)
          ? (response.body as { service: string; state: string; reason: string | null; failureStreak: number }[]).find((view) => view.service === 'slack')
          : undefined;
        const last = samples.at(-1);
        if (slack && (!last || last.state !== slack.state || last.failureStreak !== slack.failureStreak)) {
          samples.push({ t: Number(elapsed().toFixed(1)), state: slack.state, reason: slack.reason, failureStreak: slack.failureStreak });
          log(`Slack breaker: ${slack.state}${slack.reason ? ` (${slack.reason})` : ''}, streak ${slack.failureStreak}`);
        }
        await sleep(250);
      }
    })();
    const watchOnboardings = (async () => {
      while (watching) {
        await Promise.all(
          ids.map(async (id) => {
            if (statuses.get(id) === 'completed') return;
            const response = await api.get(`/api/onboardings/${id}`).catch(() => undefined);
            const status = (response?.body as { status?: string } | undefined)?.status;
            if (!status) return;
            statuses.set(id, status);
            if (status === 'needs_attention') neededPerson.add(id);
          }),
        );
        await sleep(1000);
      }
    })();

    const interval = 1000 / options.startsPerSecond;
    for (let n = 0; n < options.count; n++) {
      const due = clockZero + n * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      const response = await api.post('/api/onboardings', makeHire(prefix, n));
      if (response.status !== 201) throw new Error(`start ${n}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const startsDoneAt = elapsed();
    await sleep(Math.max(0, clockZero + options.outageMs - Date.now()));
    const during = await slackCalls(api);
    await setSlack(api, 0);
    const outageEndedAt = elapsed();
    const outageCalls = during.calls - before.calls;
    log(`Slack healthy again; it received ${outageCalls} calls during the outage`);

    const deadline = Date.now() + FINISH_TIMEOUT_MS;
    while (Date.now() < deadline && ids.some((id) => statuses.get(id) !== 'completed')) await sleep(500);
    const finishedAt = elapsed();
    watching = false;
    await Promise.all([watchBreaker, watchOnboardings]);

    const after = await slackCalls(api);
    const postsPer = ids.map((id) => after.deliveries.filter((d) => d.idempotencyKey?.startsWith(`${id}:`) && !d.idempotencyKey.includes(':compensation')).length);
    const completed = ids.filter((id) => statuses.get(id) === 'completed').length;
    const maxProbes = Math.ceil(options.outageMs / cooldownMs);
    const callBound = options.failures + maxProbes;
    const closedAt = samples.find((sample, i) => i > 0 && sample.state === 'closed' && samples[i - 1]?.state !== 'closed')?.t ?? null;
    const openedAt = samples.find((sample) => sample.state === 'open')?.t ?? null;
    const report = {
      command,
      at: new Date().toISOString(),
      settings: { BREAKER_FAILURES: options.failures, BREAKER_WINDOW: '1m', BREAKER_COOLDOWN: options.cooldown },
      onboardings: options.count,
      outageSeconds: options.outageMs / 1000,
      startsDoneAtSeconds: Number(startsDoneAt.toFixed(1)),
      outageEndedAtSeconds: Number(outageEndedAt.toFixed(1)),
      breakerOpenedAtSeconds: openedAt,
      breakerClosedAtSeconds: closedAt,
      lastCompletedAtSeconds: Number(finishedAt.toFixed(1)),
      slackCallsDuringOutage: outageCalls,
      slackCallBound: callBound,
      completed,
      neededAPerson: neededPerson.size,
      slackPostsPerOnboarding: { min: Math.min(...postsPer), max: Math.max(...postsPer) },
      breakerTimeline: samples,
    };
    const verdicts = [
      [completed === options.count, `${completed} of ${options.count} completed`],
      [neededPerson.size === 0, `${neededPerson.size} needed a person`],
      [postsPer.every((posts) => posts === 1), `Slack posts per onboarding: ${report.slackPostsPerOnboarding.min}–${report.slackPostsPerOnboarding.max}`],
      [outageCalls <= callBound, `Slack calls during the outage: ${outageCalls} (bound ${options.failures} failures + ${maxProbes} probes = ${callBound})`],
    ] as const;
    for (const [ok, text] of verdicts) log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
    exitCode = verdicts.every(([ok]) => ok) ? 0 : 1;
    const results = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'chaos-breaker-latest.json'), `${JSON.stringify({ ...report, passed: exitCode === 0 }, null, 2)}\n`);
    writeFileSync(
      path.join(results, 'chaos-breaker-latest.md'),
      [
        `# Breaker chaos: ${exitCode === 0 ? 'PASSED' : 'FAILED'}`,
        '',
        `\`${command}\` at ${report.at}`,
        '',
        ...verdicts.map(([ok, text]) => `- ${ok ? 'PASS' : 'FAIL'} ${text}`),
        `- Breaker opened at t+${openedAt ?? '?'} s, closed at t+${closedAt ?? '?'} s; Slack healthy at t+${report.outageEndedAtSeconds} s; last onboarding completed at t+${report.lastCompletedAtSeconds} s`,
        '',
      ].join('\n'),
    );
  } finally {
    await stack.stop();
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
  return exitCode;
}

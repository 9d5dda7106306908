/**
 * What every activity attempt does around its call to the outside world: a stable idempotency key,
 * heartbeats while waiting (so cancellation and a dead worker are noticed), the attempt number on the
 * way out, and a report of a failed attempt that Temporal will retry.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import {
  FAILURE_TYPES,
  type AttemptFailure,
  type AttemptFailureDetails,
  type Attempted,
  type StepCall,
  type StepKey,
  type StepOutcome,
} from '../shared/contract';
import type { ServiceName } from '../shared/breaker';
import type { CallContext } from '../integrations';
import type { BreakerGate } from './breaker-gate';

export interface AttemptFailureReport extends AttemptFailure {
  workflowId: string;
  runId: string;
}

interface AttemptOptions {
  /** A service step's key, or a task's plan key for the notices about it. */
  step: string;
  /** Compensations get their own key, so they are never mistaken for the step's first delivery. */
  compensation?: boolean;
  /** The step's round once a person corrected its input (StepCall.round): the key carries it. */
  round?: number;
  /**
   * For notices about a step (a link, an escalation, a reminder): each occasion is its own delivery, so
   * the key ends in `:<occasion>`. Their failed attempts are not reported as the step's.
   */
  occasion?: string;
  /** A step's own work under an occasion (a learning path's next draft): its failed attempts are reported as the step's. */
  reportsAttempts?: boolean;
  reportAttemptFailure?: (report: AttemptFailureReport) => Promise<void>;
  heartbeatIntervalMs?: number;
}

/** Reporting is a courtesy to the dashboard; it must never hold up the attempt for long. */
const REPORT_TIMEOUT_MS = 3_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 2_000;

/**
 * `<workflowId>:<runId>:<stepKey>`: every attempt of a step sends the same key, so a service delivers it
 * once. A plain retry by a person keeps that key; from the first retry with a corrected input on, the
 * call is a new request and the key ends in `:r<round>`. Compensations end in `:compensation`.
 */
export function idempotencyKeyFor(
  workflowId: string,
  runId: string,
  step: string,
  { compensation = false, round, occasion }: { compensation?: boolean; round?: number; occasion?: string } = {},
): string {
  if (round !== undefined && !(Number.isSafeInteger(round) && round > 0)) {
    // Round 0 is the first run, which never had a correction: the workflow sends no round then.
    throw ApplicationFailure.nonRetryable(
      `A step's round must be a whole number from 1, not ${String(round)}`,
      FAILURE_TYPES.invalidActivityInput,
    );
  }
  const suffix = occasion !== undefined ? `:${occasion}` : compensation ? ':compensation' : round !== undefined ? `:r${round}` : '';
  return `${workflowId}:${runId}:${step}${suffix}`;
}

/**
 * ONLY for proving that `npm run chaos` can fail (`npm run chaos -- --break-idempotency-for-proof`): with
 * CHAOS_BREAK_IDEMPOTENCY_FOR_PROOF=1 every attempt sends a key of its own, so a retry after a lost answer
 * delivers again. The worker refuses to start with it unless SANDBOX=on and prints a warning when it does
 * (worker/index.ts), so it cannot break real services silently.
 */
export const BREAK_IDEMPOTENCY_ENV = 'CHAOS_BREAK_IDEMPOTENCY_FOR_PROOF';

function brokenForProof(key: string, attempt: number): string {
  if (process.env[BREAK_IDEMPOTENCY_ENV] !== '1') return key;
  // The run ID part changes, so the chaos audit still attributes the delivery and sees the step twice.
  const [workflowId, runId, ...rest] = key.split(':');
  return [workflowId, `${runId}.attempt${attempt}`, ...rest].join(':');
}

export async function runAttempt<T>(options: AttemptOptions, work: (call: CallContext) => Promise<T>): Promise<Attempted<T>> {
  const ctx = Context.current();
  const { attempt } = ctx.info;
  const workflowExecution = ctx.info.workflowExecution;
  if (!workflowExecution) {
    throw ApplicationFailure.nonRetryable('Onboarding activities run only inside a workflow', 'ConfigurationError');
  }
  const call: CallContext = {
    idempotencyKey: brokenForProof(idempotencyKeyFor(workflowExecution.workflowId, workflowExecution.runId, options.step, options), attempt),
    signal: ctx.cancellationSignal,
    attempt,
  };

  // No heartbeat right away: the SDK sends an activity's first heartbeat to the server at once (a call
  // and a write to the run's state), pure cost for the many calls that finish in milliseconds. A call
  // that lasts heartbeats on the interval, so a dead worker or a cancel is noticed as before.
  const heartbeats = setInterval(() => ctx.heartbeat(), options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  const startedAt = performance.now();
  const metrics = stepMetrics(ctx);
  const step = options.compensation ? `${options.step}:undo` : options.step;
  try {
    const value = await work(call);
    metrics.duration.record(Math.round(performance.now() - startedAt), { step, outcome: 'completed' });
    return { value, attempt };
  } catch (err) {
    if (err instanceof CancelledFailure || ctx.cancellationSignal.aborted) throw err;
    const failure = withAttempt(err, attempt);
    const kind = failure.nonRetryable ? 'permanent' : 'transient';
    metrics.failures.add(1, { step, kind });
    metrics.duration.record(Math.round(performance.now() - startedAt), { step, outcome: kind });
    const maximumAttempts = ctx.info.retryPolicy?.maximumAttempts;
    const willRetry = !failure.nonRetryable && (maximumAttempts === undefined || maximumAttempts === 0 || attempt < maximumAttempts);
    if (willRetry && !options.compensation && (options.occasion === undefined || options.reportsAttempts) && options.reportAttemptFailure) {
      await reportQuietly(options.reportAttemptFailure, {
        workflowId: workflowExecution.workflowId,
        runId: workflowExecution.runId,
        step: options.step as StepKey,
        attempt,
        message: failure.message,
        type: failure.type ?? 'Error',
      });
    }
    throw failure;
  } finally {
    clearInterval(heartbeats);
  }
}

/**
 * The worker's own step metrics, served with the SDK's (`temporal_*`) on the worker's Prometheus
 * endpoint, under these exact names: every failed attempt by step (`<step>:undo` for a compensation) and kind
 * (`transient`: Temporal retries it; `permanent`: a person has to decide), and how long attempts take.
 */
function stepMetrics(ctx: Context) {
  return {
    failures: ctx.metricMeter.createCounter('onboarding_step_failures_total', '1', 'Failed step attempts, by step and kind'),
    duration: ctx.metricMeter.createHistogram('onboarding_step_duration_milliseconds', 'int', 'ms', 'How long a step attempt took, by step and outcome'),
  };
}

/** The same failure, carrying the attempt number for the workflow (which cannot see attempts itself). */
function withAttempt(err: unknown, attempt: number): ApplicationFailure {
  const details: AttemptFailureDetails[] = [{ attempt }];
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.type ?? 'Error',
      nonRetryable: err.nonRetryable === true,
      details,
      // A service's Retry-After, carried over so Temporal waits as long as it asked (our adapters set milliseconds).
      nextRetryDelay: (err.nextRetryDelay ?? undefined) as number | undefined,
    });
  }
  // A bug or an unexpected library error: retry it like a transient fault, under an explicit type.
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.create({ message: message || 'Unexpected error', type: 'UnexpectedError', details });
}

async function reportQuietly(report: (r: AttemptFailureReport) => Promise<void>, payload: AttemptFailureReport): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      report(payload),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, REPORT_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    Context.current().log.warn('Could not report a failed attempt to the workflow', {
      step: payload.step,
      attempt: payload.attempt,
      error: err instanceof Error ? err.message : String(err),
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Failures that say the service itself is in trouble (what a breaker counts); a refusal of our input is not one. */
const SERVICE_TROUBLE: ReadonlySet<string> = new Set([
  FAILURE_TYPES.transientHttp,
  FAILURE_TYPES.network,
  FAILURE_TYPES.timeout,
  FAILURE_TYPES.transientService,
]);

/**
 * From this many failures in a row a worker sends the service one call at a time (BreakerGate.takeTurn), so
 * calls under way when it went down do not pile up past BREAKER_FAILURES. Not from the first: a service
 * with occasional failures (the chaos run's 30 %) would be slowed down for nothing.
 */
const LANE_FROM_STREAK = 2;

/**
 * A step's attempt behind its service's breaker, when the workflow asks for it (StepCall.breaker): while
 * the service is paused or open the call does not go out and the activity completes as held, using no
 * attempt; the probe the breaker lets through goes out on its first attempt whatever the breaker says.
 * Every transient failure is reported to the breaker, and an answer when the breaker has a streak to forget.
 */
export async function runServiceAttempt<T>(
  options: AttemptOptions & { service: ServiceName; call: StepCall | undefined; gate: BreakerGate | undefined },
  work: (call: CallContext) => Promise<T>,
): Promise<StepOutcome<T>> {
  const { gate, service, call } = options;
  if (!gate || call?.breaker !== true) return runAttempt(options, work);
  const { attempt } = Context.current().info;
  const probe = call.probe === true && attempt === 1;
  let handOn: (() => void) | undefined;
  if (!probe) {
    let view = await gate.look(service);
    if (view.state === 'closed' && view.failureStreak >= LANE_FROM_STREAK) {
      // The service failed again and again: one call at a time from this worker, each looking after the last one's report.
      handOn = await gate.takeTurn(service);
      view = await gate.look(service);
    }
    if (view.state !== 'closed') {
      handOn?.();
      return { held: view, attempt };
    }
  }
  try {
    const result = await runAttempt(options, work);
    await gate.report(service, 'success', probe);
    return result;
  } catch (err) {
    if (err instanceof ApplicationFailure && !err.nonRetryable && SERVICE_TROUBLE.has(err.type ?? '')) {
      await gate.report(service, 'failure', probe);
    } else if (probe && !(err instanceof CancelledFailure)) {
      // The service answered the probe (it refused our input): it is up again.
      await gate.report(service, 'success', probe);
    }
    throw err;
  } finally {
    handOn?.();
  }
}

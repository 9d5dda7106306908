/**
 * The onboarding workflow: four steps in order, a person decides when one gives up, and a cancel
 * undoes what was done. Deterministic code only: no I/O, no Node built-ins, time from the workflow clock.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
// Values only from zod-free modules: see temporal/shared/workflow-contract.ts.
import { EDITABLE_FIELD, impliedCompletedSteps, STEP_KEYS, STEP_LABELS, type OnboardingStatus, type StepKey } from '../shared/constants';
import {
  attemptFailedSignal,
  cancelRequestedSignal,
  compensationActivityId,
  initialStepState,
  progressQuery,
  REJECTION,
  retryUpdate,
  SA_STATUS,
  SA_STEP,
  skipUpdate,
  STEP_POLICIES,
  type AttemptFailureDetails,
  type OnboardingActivities,
} from '../shared/workflow-contract';
import type {
  EventType,
  NewHire,
  OnboardingInput,
  OnboardingState,
  RetryPatch,
  RetryRequest,
  SkipRequest,
  StepFailure,
  StepResult,
  StepState,
} from '../shared/schemas';

/** Enough for any real onboarding's story while keeping the query payload and history small. */
export const MAX_EVENTS = 200;

/**
 * Runs started from here on write fewer visibility updates: no upsert of what the start already set, and
 * `completedSteps` in the memo only when the list cannot work it out from the search attributes
 * (impliedCompletedSteps). Runs started before keep their old sequence of upserts when replayed.
 */
export const LEAN_UPSERTS_PATCH = 'lean-visibility-upserts';

/** A killed worker is noticed this fast, and cancellation reaches an activity on its next heartbeat. */
const HEARTBEAT_TIMEOUT = '10s';

type Decision = { kind: 'retry' } | { kind: 'skip' };

export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const hire: NewHire = { ...input.hire };
  const now = () => new Date(Date.now()).toISOString();

  const state: OnboardingState = {
    status: 'running',
    currentStep: null,
    input: hire,
    steps: STEP_KEYS.map((key) => initialStepState(key)),
    events: [],
    startedAt: now(),
    closedAt: null,
  };

  const stepState = (key: StepKey): StepState => {
    const step = state.steps.find((s) => s.key === key);
    if (!step) throw new Error(`unknown step ${key}`);
    return step;
  };

  const record = (type: EventType, message: string, extra: { step?: StepKey; actor?: string } = {}) => {
    state.events.push({ at: now(), type, message, ...extra });
    if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
  };

  // Upsert only what changed: every upsert is a history event and a visibility write.
  const lean = patched(LEAN_UPSERTS_PATCH);
  const startedWith = workflowInfo().typedSearchAttributes;
  let publishedStatus: string | undefined = lean ? startedWith.get(SA_STATUS) : undefined;
  let publishedStep: string | undefined = lean ? (startedWith.get(SA_STEP) ?? '') : undefined;
  /** What the memo says; undefined while it says nothing and the list works the count out itself. */
  const startMemo = workflowInfo().memo?.completedSteps;
  let memoCompleted: number | undefined = !lean ? 0 : typeof startMemo === 'number' ? startMemo : undefined;
  const publish = () => {
    const status = state.status;
    const step = state.currentStep ?? '';
    if (status !== publishedStatus || step !== publishedStep) {
      upsertSearchAttributes([
        { key: SA_STATUS, value: status },
        { key: SA_STEP, value: step === '' ? null : step },
      ]);
      publishedStatus = status;
      publishedStep = step;
    }
    const completed = state.steps.filter((s) => s.status === 'completed').length;
    if (completed !== (memoCompleted ?? impliedCompletedSteps(status, step))) {
      upsertMemo({ completedSteps: completed });
      memoCompleted = completed;
    }
  };
  const setStatus = (status: OnboardingStatus) => {
    state.status = status;
    publish();
  };

  let decision: Decision | undefined;
  const failedStep = () => state.steps.find((s) => s.status === 'failed');

  setHandler(progressQuery, () => state);

  setHandler(
    retryUpdate,
    ({ patch = {}, actor }) => {
      const step = failedStep();
      if (!step) throw new Error('unreachable: validator guarantees a failed step');
      Object.assign(hire, definedFields(patch));
      decision = { kind: 'retry' };
      const changed = Object.keys(definedFields(patch));
      record(
        'retry.requested',
        changed.length > 0 ? `Retry requested with a corrected ${changed.join(', ')}` : 'Retry requested',
        { step: step.key, actor },
      );
      step.status = 'pending';
      setStatus('running');
      return { accepted: true };
    },
    {
      validator: ({ step, patch = {} }: RetryRequest) => {
        const failed = state.status === 'needs_attention' ? failedStep() : undefined;
        if (!failed) throw new Error(`${REJECTION.notRetryable}: Nothing is waiting for a retry in this onboarding.`);
        if (step && step !== failed.key) {
          throw new Error(
            `${REJECTION.notRetryable}: Only the failed step (${failed.label}) can be retried, not ${STEP_LABELS[step]}.`,
          );
        }
        for (const field of Object.keys(definedFields(patch))) {
          if (EDITABLE_FIELD[failed.key] !== field) {
            throw new Error(`${REJECTION.notRetryable}: ${field} cannot be changed when retrying ${failed.label}.`);
          }
        }
      },
    },
  );

  setHandler(
    skipUpdate,
    ({ step, actor }) => {
      const failed = stepState(step);
      decision = { kind: 'skip' };
      record('skip.requested', `Skip requested for ${failed.label}`, { step, actor });
      setStatus('running');
      return { accepted: true };
    },
    {
      validator: ({ step }: SkipRequest) => {
        const failed = state.status === 'needs_attention' ? failedStep() : undefined;
        if (!failed) throw new Error(`${REJECTION.notSkippable}: Nothing is waiting to be skipped in this onboarding.`);
        if (step !== failed.key) {
          throw new Error(`${REJECTION.notSkippable}: Only the failed step (${failed.label}) can be skipped.`);
        }
      },
    },
  );

  setHandler(cancelRequestedSignal, ({ actor }) => {
    record('cancel.requested', 'Cancellation requested', { actor });
  });

  setHandler(attemptFailedSignal, ({ step, attempt, message }) => {
    const current = stepState(step);
    // Late or duplicate reports (a step that already ended, an attempt we already know) change nothing.
    if ((current.status !== 'running' && current.status !== 'retrying') || attempt < current.attempt) return;
    if (attempt >= current.maxAttempts) return;
    current.status = 'retrying';
    current.attempt = attempt;
    record('step.retrying', `Attempt ${attempt} of ${current.maxAttempts} failed, retrying: ${message}`, { step });
  });

  // The root scope's cancelRequested rejects as soon as the cancel arrives, while the activity in flight is
  // still stopping: show `cancelling` right away.
  CancellationScope.current().cancelRequested.catch(() => {
    if (state.status !== 'cancelled') setStatus('cancelling');
  });

  const activityOptions = (key: StepKey, activityId: string): ActivityOptions => {
    const policy = STEP_POLICIES[key];
    return {
      activityId,
      startToCloseTimeout: policy.startToCloseTimeout,
      scheduleToCloseTimeout: policy.scheduleToCloseTimeout,
      heartbeatTimeout: HEARTBEAT_TIMEOUT,
      // Wait until the activity has really stopped, so nothing of a cancelled step lands after compensation.
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
      retry: {
        initialInterval: input.retry.initialInterval,
        maximumInterval: input.retry.maximumInterval,
        backoffCoefficient: policy.backoffCoefficient,
        maximumAttempts: policy.maximumAttempts,
      },
    };
  };
  const stepActivities = (key: StepKey) => proxyActivities<OnboardingActivities>(activityOptions(key, key));
  const compensationActivities = (key: StepKey) =>
    proxyActivities<OnboardingActivities>(activityOptions(key, compensationActivityId(key)));

  const callStep = async (key: StepKey): Promise<{ value: StepResult; attempt: number }> => {
    const acts = stepActivities(key);
    switch (key) {
      case 'welcome-email':
        return acts.sendWelcomeEmail(hire);
      case 'learning-path':
        return acts.generateLearningPath(hire);
      case 'crm-update':
        return acts.setCrmStatus({ employeeId: hire.employeeId, status: 'onboarded', compensation: false });
      case 'slack-notification':
        return acts.postSlackAnnouncement(hire);
    }
  };

  const runStep = async (key: StepKey): Promise<void> => {
    const step = stepState(key);
    for (;;) {
      step.status = 'running';
      step.attempt = 1;
      step.lastFailure = null;
      step.startedAt = now();
      state.currentStep = key;
      publish();
      record('step.started', step.round > 0 ? `${step.label} started again` : `${step.label} started`, { step: key });
      try {
        const { value, attempt } = await callStep(key);
        step.status = 'completed';
        step.attempt = attempt;
        step.result = value;
        step.completedAt = now();
        record('step.completed', `${step.label} completed on attempt ${attempt} of ${step.maxAttempts}`, { step: key });
        // The next step's start (or the end of the onboarding) publishes, in this same workflow task.
        if (!lean) publish();
        return;
      } catch (err) {
        if (isCancellation(err)) {
          step.status = 'cancelled';
          record('step.cancelled', `${step.label} cancelled`, { step: key });
          throw err;
        }
        step.status = 'failed';
        step.lastFailure = describeFailure(err);
        step.attempt = failedAttempt(err) ?? Math.max(step.attempt, 1);
        record('step.failed', `${step.label} failed: ${step.lastFailure.message}`, { step: key });
        record('onboarding.needs_attention', `${step.label} needs a person: retry it (with a correction) or skip it`, {
          step: key,
        });
        decision = undefined;
        setStatus('needs_attention');
      }

      try {
        await condition(() => decision !== undefined);
      } catch (err) {
        if (isCancellation(err)) {
          step.status = 'cancelled';
          record('step.cancelled', `${step.label} cancelled while waiting for a decision`, { step: key });
        }
        throw err;
      }
      const made = decision as Decision | undefined;
      decision = undefined;
      if (made?.kind === 'skip') {
        step.status = 'skipped';
        step.completedAt = now();
        record('step.skipped', `${step.label} skipped`, { step: key });
        publish();
        return;
      }
      step.round += 1;
    }
  };

  const compensate = async (): Promise<void> => {
    const completed = new Set(state.steps.filter((s) => s.status === 'completed').map((s) => s.key));
    const undo: { key: StepKey; run: () => Promise<unknown>; what: string }[] = [];
    if (completed.has('welcome-email')) {
      undo.push({
        key: 'welcome-email',
        run: () => compensationActivities('welcome-email').sendCancellationEmail(hire),
        what: `Cancellation email sent to ${hire.email}`,
      });
    }
    if (completed.has('crm-update')) {
      undo.push({
        key: 'crm-update',
        run: () =>
          compensationActivities('crm-update').setCrmStatus({
            employeeId: hire.employeeId,
            status: 'cancelled',
            compensation: true,
          }),
        what: 'CRM status set back to cancelled',
      });
    }
    if (completed.has('slack-notification')) {
      undo.push({
        key: 'slack-notification',
        run: () => compensationActivities('slack-notification').postSlackCorrection(hire),
        what: `Correction posted to ${hire.slackChannel}`,
      });
    }
    // Undo in the reverse order of doing.
    for (const { key, run, what } of undo.reverse()) {
      const step = stepState(key);
      state.currentStep = key;
      publish();
      try {
        await run();
        step.status = 'compensated';
        record('step.compensated', what, { step: key });
      } catch (err) {
        // One compensation that gives up must not stop the others; the event says what to do by hand.
        record('step.compensation_failed', `Could not undo ${step.label}: ${describeFailure(err).message}`, { step: key });
      }
      publish();
    }
  };

  record('onboarding.started', `Onboarding of ${hire.fullName} started`, { actor: input.requestedBy });
  // The first step publishes itself in this same workflow task.
  if (!lean) publish();

  try {
    for (const key of STEP_KEYS) {
      await runStep(key);
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    setStatus('cancelling');
    await CancellationScope.nonCancellable(compensate);
    state.currentStep = null;
    state.closedAt = now();
    record('onboarding.cancelled', 'Onboarding cancelled');
    setStatus('cancelled');
    throw err;
  }

  state.currentStep = null;
  state.closedAt = now();
  record('onboarding.completed', 'Onboarding completed');
  setStatus('completed');
  return state;
}

function definedFields(patch: RetryPatch): Partial<RetryPatch> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/** The failure as a person should read it: the activity's own message, not "Activity task failed". */
function describeFailure(err: unknown): StepFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return { message: cause.message, type: cause.type ?? 'Error', nonRetryable: cause.nonRetryable === true };
  }
  if (cause instanceof Error) {
    // Timeouts and the like: name them in words a person can act on.
    const type = cause.name;
    const message =
      type === 'TimeoutFailure' ? 'The service did not answer in time on any attempt' : cause.message || type;
    return { message, type, nonRetryable: false };
  }
  return { message: String(cause), type: 'Error', nonRetryable: false };
}

function failedAttempt(err: unknown): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const details = cause.details?.[0] as Partial<AttemptFailureDetails> | undefined;
  return typeof details?.attempt === 'number' ? details.attempt : undefined;
}

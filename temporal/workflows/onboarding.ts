/**
 * The onboarding workflow: the steps in order, a person decides when one gives up, and a cancel undoes
 * what was done (each step's undo is registered as it succeeds, then run latest first). Deterministic
 * code only: no I/O, no Node built-ins, time from the workflow clock.
 *
 * Beside it: steps.ts (what each step runs and how it is undone), handlers.ts (query, updates,
 * signals), progress.ts (the state the query returns), visibility.ts (search attributes and memo),
 * failures.ts (failures as people read them, typed update rejections).
 */
import { CancellationScope, isCancellation } from '@temporalio/workflow';
// Values only from zod-free modules: see temporal/shared/workflow-contract.ts.
import { STEP_KEYS, type StepKey } from '../shared/constants';
import type { StepCall } from '../shared/workflow-contract';
import type { OnboardingInput, OnboardingState } from '../shared/schemas';
import { describeFailure, failedAttempt } from './failures';
import { handleMessages, type Decision, type Decisions } from './handlers';
import { createProgress, type Progress } from './progress';
import { activitiesFor, STEPS, type Step } from './steps';
import { trackVisibility, type Visibility } from './visibility';

/** One onboarding in flight: what every part of this module reads and changes. */
interface Onboarding {
  input: OnboardingInput;
  progress: Progress;
  visibility: Visibility;
  decisions: Decisions;
}

type Undo = NonNullable<Step['undo']> & { key: StepKey };

export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const progress = createProgress(input);
  const visibility = trackVisibility(progress.state);
  const onboarding: Onboarding = { input, progress, visibility, decisions: handleMessages(progress, visibility) };
  /** The undo of every completed step, latest first. */
  const undos: Undo[] = [];

  progress.record('onboarding.started', `Onboarding of ${progress.hire.fullName} started`, { actor: input.requestedBy });
  // Lean runs: the first step publishes itself in this same workflow task.
  visibility.publishUnlessLean();
  try {
    for (const key of STEP_KEYS) {
      const outcome = await runStep(onboarding, key);
      const undo = STEPS[key].undo;
      if (outcome === 'completed' && undo) undos.unshift({ key, ...undo });
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    visibility.setStatus('cancelling');
    await CancellationScope.nonCancellable(() => compensate(onboarding, undos));
    close(onboarding, 'cancelled');
    throw err;
  }
  close(onboarding, 'completed');
  return progress.state;
}

/**
 * Runs one step until it completes or a person skips it: when it gives up, the onboarding needs
 * attention and waits for a retry (a new round with a fresh retry budget) or a skip.
 */
async function runStep({ input, progress, visibility, decisions }: Onboarding, key: StepKey): Promise<'completed' | 'skipped'> {
  const { state, hire, record, now } = progress;
  const step = progress.step(key);
  // From the first retry with a corrected input on, every round of the step is a new request.
  let corrected = false;
  for (;;) {
    step.status = 'running';
    step.attempt = 1;
    step.lastFailure = null;
    step.startedAt = now();
    state.currentStep = key;
    visibility.publish();
    record('step.started', step.round > 0 ? `${step.label} started again` : `${step.label} started`, { step: key });
    try {
      const call: StepCall = corrected ? { round: step.round } : {};
      const { value, attempt } = await STEPS[key].run(activitiesFor(key, input.retry, 'run'), hire, call);
      step.status = 'completed';
      step.attempt = attempt;
      step.result = value;
      step.completedAt = now();
      record('step.completed', `${step.label} completed on attempt ${attempt} of ${step.maxAttempts}`, { step: key });
      // Lean runs: the next step's start (or the end of the onboarding) publishes, in this same workflow task.
      visibility.publishUnlessLean();
      return 'completed';
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
      visibility.setStatus('needs_attention');
    }

    let decision: Decision;
    try {
      decision = await decisions.next();
    } catch (err) {
      if (isCancellation(err)) {
        step.status = 'cancelled';
        record('step.cancelled', `${step.label} cancelled while waiting for a decision`, { step: key });
      }
      throw err;
    }
    if (decision.kind === 'skip') {
      step.status = 'skipped';
      step.completedAt = now();
      record('step.skipped', `${step.label} skipped`, { step: key });
      visibility.publish();
      return 'skipped';
    }
    corrected ||= decision.corrected;
    step.round += 1;
  }
}

/** Runs the registered undos in order; one that gives up must not stop the others. */
async function compensate({ input, progress, visibility }: Onboarding, undos: Undo[]): Promise<void> {
  for (const undo of undos) {
    const step = progress.step(undo.key);
    progress.state.currentStep = undo.key;
    visibility.publish();
    try {
      await undo.run(activitiesFor(undo.key, input.retry, 'undo'), progress.hire);
      step.status = 'compensated';
      progress.record('step.compensated', undo.done(progress.hire), { step: undo.key });
    } catch (err) {
      // The event says what to undo by hand.
      progress.record('step.compensation_failed', `Could not undo ${step.label}: ${describeFailure(err).message}`, {
        step: undo.key,
      });
    }
    visibility.publish();
  }
}

function close({ progress, visibility }: Onboarding, status: 'completed' | 'cancelled'): void {
  progress.state.currentStep = null;
  progress.state.closedAt = progress.now();
  progress.record(`onboarding.${status}`, status === 'completed' ? 'Onboarding completed' : 'Onboarding cancelled');
  visibility.setStatus(status);
}

/**
 * What the `progress` query returns, and the few ways the workflow changes it: the state of each step
 * and the events, timestamped with the workflow clock (replay-safe).
 */
import { STEP_KEYS, type StepKey } from '../shared/constants';
import { initialStepState } from '../shared/workflow-contract';
import type { EventType, NewHire, OnboardingInput, OnboardingState, StepState } from '../shared/schemas';

/** Enough for any real onboarding's story while keeping the query payload and history small. */
const MAX_EVENTS = 200;

export interface Progress {
  readonly state: OnboardingState;
  /** The hire as corrected so far: the same object as `state.input`, so a retry's patch shows in the query. */
  readonly hire: NewHire;
  now: () => string;
  step: (key: StepKey) => StepState;
  /** The step that gave up and waits for a person, if any. */
  failedStep: () => StepState | undefined;
  record: (type: EventType, message: string, extra?: { step?: StepKey; actor?: string }) => void;
}

export function createProgress(input: OnboardingInput): Progress {
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
  return {
    state,
    hire,
    now,
    step: (key) => {
      const step = state.steps.find((s) => s.key === key);
      if (!step) throw new Error(`unknown step ${key}`);
      return step;
    },
    failedStep: () => state.steps.find((s) => s.status === 'failed'),
    record: (type, message, extra = {}) => {
      state.events.push({ at: now(), type, message, ...extra });
      if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
    },
  };
}

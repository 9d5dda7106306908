/**
 * What the `progress` query returns, and the few ways the workflow changes it: the state of each step
 * and the events, timestamped with the workflow clock (replay-safe).
 */
import { STEP_KEYS, STEP_LABELS } from '../shared/constants';
import { initialStepState } from '../shared/workflow-contract';
import type { EventType, NewHire, OnboardingInput, OnboardingState, PlannedStep, StepState } from '../shared/schemas';

/** Enough for any real onboarding's story while keeping the query payload and history small. */
const MAX_EVENTS = 200;

export interface Progress {
  readonly state: OnboardingState;
  /** The hire as corrected so far: the same object as `state.input`, so a retry's patch shows in the query. */
  readonly hire: NewHire;
  now: () => string;
  step: (key: string) => StepState;
  /** The step that gave up and waits for a person, if any. */
  failedStep: () => StepState | undefined;
  record: (type: EventType, message: string, extra?: { step?: string; actor?: string }) => void;
}

/** The plan this run follows: the copy in its input, or the four service steps at once for runs from before plans. */
export function plannedSteps(input: OnboardingInput): PlannedStep[] {
  return (
    input.plan?.steps ??
    STEP_KEYS.map((key): PlannedStep => ({ key, kind: 'service', service: key, label: STEP_LABELS[key] }))
  );
}

function initialState(planned: PlannedStep, withPlan: boolean): StepState {
  if (planned.kind === 'service' && planned.service) {
    const step = initialStepState(planned.service);
    // Runs from before plans keep exactly the state they always had.
    if (!withPlan) return step;
    return { ...step, kind: 'service', at: planned.at ?? null, description: planned.description };
  }
  return {
    key: planned.key,
    label: planned.label,
    status: 'pending',
    attempt: 0,
    maxAttempts: 1,
    round: 0,
    lastFailure: null,
    startedAt: null,
    completedAt: null,
    result: null,
    kind: 'task',
    at: planned.at ?? null,
    dueAt: planned.due ?? null,
    owner: planned.owner ?? null,
    blocking: planned.blocking === true,
    description: planned.description,
    completedBy: null,
    note: null,
    link: null,
    overdueSince: null,
    attentionSince: null,
  };
}

export function createProgress(input: OnboardingInput): Progress {
  const hire: NewHire = { ...input.hire };
  const now = () => new Date(Date.now()).toISOString();
  const state: OnboardingState = {
    status: 'running',
    currentStep: null,
    input: hire,
    steps: plannedSteps(input).map((planned) => initialState(planned, input.plan !== undefined)),
    events: [],
    startedAt: now(),
    closedAt: null,
    ...(input.plan ? { plan: { id: input.plan.id, name: input.plan.name } } : {}),
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

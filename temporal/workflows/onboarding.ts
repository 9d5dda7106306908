/**
 * The onboarding workflow: the plan's service steps in order, each not before its time; its tasks open at
 * theirs, beside the service steps, and hold up later steps only when blocking; a person decides when a
 * step gives up, and HR hears about anything that waits for a person too long; a cancel undoes what was
 * done (each step's undo is registered as it succeeds, then run latest first). Deterministic code only:
 * no I/O, no Node built-ins, time from the workflow clock.
 *
 * Runs started before plans (no `plan` and no `escalation` in their input) take exactly the commands they
 * always took: every new command below is behind one of those inputs, and behind the `plans` patch,
 * so a run a worker of the older code began (which ignored those inputs) also replays as it ran.
 *
 * Beside it: steps.ts (what each step runs and how it is undone), handlers.ts (query, updates,
 * signals), progress.ts (the state the query returns), visibility.ts (search attributes and memo),
 * failures.ts (failures as people read them, typed update rejections).
 */
import { allHandlersFinished, CancellationScope, condition, isCancellation, uuid4 } from '@temporalio/workflow';
// Values only from zod-free modules: see temporal/shared/workflow-contract.ts.
import type { StepKey } from '../shared/constants';
import { PLAN_OWNER_LABELS, type PlanOwner } from '../shared/plan-rules';
import type { StepCall } from '../shared/workflow-contract';
import type { OnboardingInput, OnboardingState, PlannedStep, StepState } from '../shared/schemas';
import { describeFailure, failedAttempt } from './failures';
import { automaticFix, describePatch, diagnose, runApproval, type AssistantRun } from './assistant';
import { handleMessages, type ApprovalInbox, type Decision, type Decisions, type Timing } from './handlers';
import { createProgress, plannedSteps, type Progress } from './progress';
import { activitiesFor, noticeActivities, STEPS, type Step } from './steps';
import { trackVisibility, type Visibility } from './visibility';
import { handleServiceWaits, type ServiceWaits } from './service-wait';
import { decidePatches, type Patches } from './patches';
import { holdReason, SERVICE_LABELS, STEP_SERVICE } from '../shared/breaker';

/** One onboarding in flight: what every part of this module reads and changes. */
interface Onboarding {
  input: OnboardingInput;
  progress: Progress;
  visibility: Visibility;
  decisions: Decisions;
  timing: Timing;
  approvals: ApprovalInbox;
  services: ServiceWaits;
  patches: Patches;
}

type Undo = NonNullable<Step['undo']> & { key: StepKey };

export async function onboardingWorkflow(startInput: OnboardingInput): Promise<OnboardingState> {
  // Decided once, first: patch markers are matched by ID, not by their place among the commands. Runs
  // without the `plans` patch (plans and escalation) follow the four steps at once.
  const patches = decidePatches();
  const input: OnboardingInput = patches.has('plans') ? startInput : { ...startInput, plan: undefined, escalation: undefined };
  const progress = createProgress(input);
  const visibility = trackVisibility(progress.state, patches);
  const services = handleServiceWaits(patches);
  const onboarding: Onboarding = { input, progress, visibility, services, patches, ...handleMessages(progress, visibility, input) };
  /** The undo of every completed step, latest first. */
  const undos: Undo[] = [];
  /** The plan's tasks, each on its own from its time to its end. */
  const tasks: Promise<void>[] = [];

  progress.record('onboarding.started', `Onboarding of ${progress.hire.fullName} started`, { actor: input.requestedBy });
  // Lean runs: the first step publishes itself in this same workflow task.
  visibility.publishUnlessLean();
  try {
    const plan = plannedSteps(input);
    // Every task waits for its own time from the start, whatever the service steps before it are doing.
    for (const planned of plan) {
      if (planned.kind !== 'task') continue;
      const task = runTask(onboarding, planned);
      // Handled here so a task cancelled while the main line waits elsewhere is no unhandled rejection.
      task.catch(() => undefined);
      tasks.push(task);
    }
    for (const [index, planned] of plan.entries()) {
      if (planned.kind === 'task') continue;
      const key = planned.service as StepKey;
      await waitForBlockingTasks(onboarding, key, plan.slice(0, index));
      await waitForTime(onboarding, progress.step(key));
      const outcome = await runStep(onboarding, key, planned);
      // A learning path that needs approval is done only once approved (runs before the loop: at its first draft).
      if (outcome === 'completed' && planned.approval && patches.has('approval')) await runApproval(assistantRun(onboarding), planned);
      const undo = STEPS[key].undo;
      if (outcome === 'completed' && undo) undos.unshift({ key, ...undo });
    }
    await Promise.all(tasks);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await Promise.allSettled(tasks);
    visibility.setStatus('cancelling');
    await CancellationScope.nonCancellable(() => compensate(onboarding, undos));
    close(onboarding, 'cancelled');
    throw err;
  }
  // A reschedule may still be telling the hire their new date.
  await condition(allHandlersFinished);
  close(onboarding, 'completed');
  return progress.state;
}

/** A service step waits until every blocking task before it in the plan is done. */
async function waitForBlockingTasks({ progress }: Onboarding, key: StepKey, before: PlannedStep[]): Promise<void> {
  const blocking = before.filter((planned) => planned.kind === 'task' && planned.blocking).map((planned) => progress.step(planned.key));
  const open = () => blocking.filter((task) => task.status !== 'completed');
  if (open().length === 0) return;
  const step = progress.step(key);
  progress.record('step.scheduled', `${step.label} waits for ${open().map((task) => task.label).join(', ')}`, { step: key });
  try {
    await condition(() => open().length === 0);
  } catch (err) {
    if (isCancellation(err)) step.status = 'cancelled';
    throw err;
  }
}

/**
 * Waits for the step's time in the plan with a durable timer (nothing polls): returns at once for a time
 * already past, early when a person says "run now", and waits again for the new time after a reschedule.
 */
async function waitForTime({ progress, visibility, timing }: Onboarding, step: StepState): Promise<void> {
  try {
    for (;;) {
      const remaining = step.at ? Date.parse(step.at) - Date.now() : 0;
      if (!(remaining > 0)) return;
      if (step.status !== 'scheduled') {
        step.status = 'scheduled';
        // The time itself is on the step, shown in the reader's time zone; an event's text cannot be.
        progress.record('step.scheduled', `${step.label} waits for its time in the plan`, { step: step.key });
        visibility.publish();
      }
      const version = timing.version;
      // condition(fn, 0) takes another code path in the SDK: never less than 1 ms.
      await condition(() => timing.runNow.has(step.key) || timing.version !== version, Math.max(1, remaining));
      if (timing.runNow.delete(step.key)) return;
    }
  } catch (err) {
    if (isCancellation(err)) {
      step.status = 'cancelled';
      progress.record('step.cancelled', `${step.label} cancelled before its time`, { step: step.key });
    }
    throw err;
  }
}

/**
 * A task: opens at its time and emails its owner a link; when its due time passes undone, reminds the
 * owner once and then escalates to HR. Done when its owner (link) or HR (dashboard) marks it done.
 */
async function runTask(onboarding: Onboarding, planned: PlannedStep): Promise<void> {
  const { progress, visibility, timing, input } = onboarding;
  const step = progress.step(planned.key);
  const done = () => step.status === 'completed';
  try {
    await waitForTime(onboarding, step);
    step.status = 'waiting_for_person';
    step.startedAt = progress.now();
    const owner = PLAN_OWNER_LABELS[step.owner as PlanOwner] ?? step.owner ?? 'its owner';
    progress.record('task.opened', `${step.label} is open for ${owner}`, { step: step.key });
    visibility.publish();
    await sendLink(onboarding, planned, step, false);
    while (!done()) {
      const remaining = step.dueAt ? Date.parse(step.dueAt) - Date.now() : Number.NaN;
      if (Number.isNaN(remaining)) {
        await condition(done);
        break;
      }
      if (remaining > 0 || step.overdueSince) {
        // Due later: wait for it (a reschedule restarts the wait with the new due time).
        const version = timing.version;
        await condition(() => done() || timing.version !== version, Math.max(1, remaining));
        if (timing.version !== version || done() || Date.parse(step.dueAt ?? '') > Date.now()) continue;
      }
      step.overdueSince = progress.now();
      progress.record('task.overdue', `${step.label} is overdue`, { step: step.key });
      // The owner first, at the due time; HR after ESCALATE_AFTER more.
      await sendLink(onboarding, planned, step, true);
      const round = step.round;
      await escalateWhileWaiting(onboarding, step, () => done() || step.round !== round, `${step.label} is overdue`, `overdue-r${round}`);
    }
  } catch (err) {
    if (isCancellation(err) && !done() && step.status !== 'cancelled') {
      step.status = 'cancelled';
      progress.record('step.cancelled', `${step.label} cancelled`, { step: step.key });
    }
    throw err;
  } finally {
    if (input.escalation) visibility.publishAttention();
  }
}

/** Emails the task's owner their link (a reminder with the same nonce when overdue); a failure is an event, not a stop. */
async function sendLink({ input, progress }: Onboarding, planned: PlannedStep, step: StepState, reminder: boolean): Promise<void> {
  const settings = input.escalation;
  if (!settings || !planned.ownerAddress) return;
  step.link ??= { nonce: uuid4(), used: false };
  const occasion = reminder ? `overdue-r${step.round}:owner` : 'link';
  try {
    await noticeActivities(input.retry, `${step.key}:${occasion}`).sendTaskLink({
      hireName: progress.hire.fullName,
      step: { key: step.key, label: step.label, description: step.description },
      ownerAddress: planned.ownerAddress,
      dueAt: step.dueAt ?? undefined,
      nonce: step.link.nonce,
      linkTtlMs: settings.linkTtlMs,
      occasion,
      reminder,
    });
    progress.record(
      reminder ? 'reminder_sent' : 'link.sent',
      reminder ? `Reminder sent to the owner of ${step.label}` : `Link to ${step.label} sent to its owner`,
      { step: step.key },
    );
  } catch (err) {
    if (isCancellation(err)) throw err;
    progress.record('link.sent', `Could not email the link to ${step.label}: ${describeFailure(err).message}`, { step: step.key });
  }
}

/**
 * Waits until `resolved()`; meanwhile the step counts as needing a person (OnboardingAttentionSince), and
 * after ESCALATE_AFTER tells HR on Slack and by email, then reminds every
 * REMIND_EVERY, at most maxReminders times. Each notice is an event, sent once per occasion: the
 * workflow decides each one once, and its idempotency key (step, occasion) makes a retried delivery a replay.
 */
async function escalateWhileWaiting(
  { input, progress, visibility }: Onboarding,
  step: StepState,
  resolved: () => boolean,
  reason: string,
  occasion: string,
  immediately = false,
): Promise<void> {
  const settings = input.escalation;
  if (!settings) return;
  step.attentionSince ??= progress.now();
  visibility.publishAttention();
  const notify = async (kind: 'escalated' | 'reminder', count: number) => {
    const name = kind === 'escalated' ? 'escalated' : `reminder-${count}`;
    try {
      await noticeActivities(input.retry, `${step.key}:${occasion}:${name}`).notifyHr({
        hireName: progress.hire.fullName,
        employeeId: progress.hire.employeeId,
        stepKey: step.key,
        stepLabel: step.label,
        reason,
        kind,
        count,
        occasion: `${occasion}:${name}`,
        hrEmail: settings.hrEmail,
        hrSlackChannel: settings.hrSlackChannel,
        dashboardUrl: settings.dashboardUrl,
      });
      progress.record(
        kind === 'escalated' ? 'escalated' : 'reminder_sent',
        kind === 'escalated' ? `HR told that ${reason}` : `Reminder ${count} to HR: ${reason}`,
        { step: step.key },
      );
    } catch (err) {
      if (isCancellation(err)) throw err;
      progress.record(kind === 'escalated' ? 'escalated' : 'reminder_sent', `Could not reach HR about ${step.label}: ${describeFailure(err).message}`, {
        step: step.key,
      });
    }
  };
  try {
    // `immediately`: HR must decide now (a fix that failed again, an approval handed to HR).
    if (!immediately && (await condition(resolved, settings.escalateAfterMs))) return;
    await notify('escalated', 0);
    for (let count = 1; count <= settings.maxReminders; count++) {
      if (await condition(resolved, settings.remindEveryMs)) return;
      await notify('reminder', count);
    }
    // No more reminders, but a person is still needed: the "Needs action" view keeps showing it.
    await condition(resolved);
  } finally {
    step.attentionSince = null;
    visibility.publishAttention();
  }
}

/**
 * Runs one step until it completes or a person skips it: when it gives up, the onboarding needs
 * attention and waits for a retry (a new round with a fresh retry budget) or a skip.
 */
async function runStep(onboarding: Onboarding, key: StepKey, planned?: PlannedStep): Promise<'completed' | 'skipped'> {
  const { input, progress, visibility, decisions } = onboarding;
  const { state, hire, record, now } = progress;
  const step = progress.step(key);
  // From the first retry with a corrected input on, every round of the step is a new request.
  let corrected = false;
  for (;;) {
    step.status = 'running';
    step.attempt = 1;
    step.lastFailure = null;
    if (step.diagnosis) step.diagnosis = null;
    step.startedAt = now();
    state.currentStep = key;
    visibility.publish();
    record('step.started', step.round > 0 ? `${step.label} started again` : `${step.label} started`, { step: key });
    try {
      const call: StepCall = { ...(corrected ? { round: step.round } : {}), ...(onboarding.services.guarded ? { breaker: true } : {}) };
      let outcome = await STEPS[key].run(activitiesFor(key, input.retry, 'run'), hire, call);
      // Its service is paused or its breaker open: the call did not go out; wait for the breaker, then go.
      while (outcome.held) {
        const { probe } = await waitForService(onboarding, step, holdReason(outcome.held));
        outcome = await STEPS[key].run(activitiesFor(key, input.retry, 'run'), hire, { ...call, probe });
      }
      const { value, attempt } = outcome;
      step.status = 'completed';
      step.attempt = attempt;
      step.result = value;
      step.completedAt = now();
      const note = 'note' in value && typeof value.note === 'string' ? ` (${value.note})` : '';
      // A draft about to wait for approval is not done yet. Asked here, where the caller would ask it next
      // in this same workflow task (lean runs send no command in between): the same marker at the same place.
      if (planned?.approval && onboarding.patches.has('approval')) {
        record('approval.drafted', `Draft 1 of the learning path is ready for approval (attempt ${attempt} of ${step.maxAttempts})${note}`, { step: key });
      } else {
        record('step.completed', `${step.label} completed on attempt ${attempt} of ${step.maxAttempts}${note}`, { step: key });
      }
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

    // The assistant's diagnosis, and with AUTO_FIX=apply a sure fix applied once (runs before it: neither).
    let fixFailed = false;
    if (onboarding.patches.has('diagnosis')) {
      const assistant = assistantRun(onboarding);
      await diagnose(assistant, step);
      const fix = automaticFix(assistant, step);
      if (fix && !decisions.ready()) {
        Object.assign(hire, fix);
        step.autoFixed = true;
        record('fix.applied', `The assistant applied its suggested fix (${describePatch(fix)}) and retries ${step.label}`, { step: key, actor: 'assistant' });
        step.status = 'pending';
        visibility.setStatus('running');
        corrected = true;
        step.round += 1;
        continue;
      }
      // A fix the assistant applied failed again: HR hears of it at once, and nothing is applied twice.
      fixFailed = step.autoFixed === true;
    }

    let decision: Decision;
    try {
      // Plan runs: HR hears of it after ESCALATE_AFTER, then is reminded, until someone decides.
      await escalateWhileWaiting(
        onboarding,
        step,
        () => decisions.ready(),
        `${step.label} failed: ${step.lastFailure.message}`,
        `failed-r${step.round}`,
        fixFailed,
      );
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

/** The step waits, using no attempt, until its service's breaker lets it go (a signal; nothing polls). */
async function waitForService({ progress, visibility, services }: Onboarding, step: StepState, reason: string): Promise<{ probe: boolean }> {
  const service = STEP_SERVICE[step.key as StepKey];
  step.status = 'waiting';
  step.waitingReason = reason;
  progress.record('step.waiting', `${step.label} waits: ${reason}`, { step: step.key });
  visibility.publish();
  const release = await services.waitFor(service);
  step.status = 'running';
  step.waitingReason = null;
  progress.record(
    'step.started',
    release.probe ? `${step.label} tries ${SERVICE_LABELS[service]} again (the breaker's test call)` : `${step.label} goes on: ${SERVICE_LABELS[service]} is back`,
    { step: step.key },
  );
  visibility.publish();
  return release;
}

/** Runs the registered undos in order; one that gives up must not stop the others. */
async function compensate(onboarding: Onboarding, undos: Undo[]): Promise<void> {
  const { input, progress, visibility } = onboarding;
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
      const reason = describeFailure(err).message;
      progress.record('step.compensation_failed', `Could not undo ${step.label}: ${reason}`, { step: undo.key });
      if (input.escalation) {
        // Plan runs show it on the step and tell HR at once: nothing in this run can undo it any more.
        step.status = 'compensation_failed';
        step.compensationFailure = reason;
        await tellHrAboutCompensation(onboarding, step, reason);
      }
    }
    visibility.publish();
  }
}

/** The onboarding as the assistant's code (assistant.ts) sees it. */
function assistantRun(onboarding: Onboarding): AssistantRun {
  const { input, progress, visibility, approvals } = onboarding;
  return {
    input,
    progress,
    visibility,
    approvals,
    escalate: (step, resolved, reason, occasion, immediately) => escalateWhileWaiting(onboarding, step, resolved, reason, occasion, immediately),
    guarded: onboarding.services.guarded,
    waitForService: (step, reason) => waitForService(onboarding, step, reason),
  };
}

function close({ progress, visibility }: Onboarding, status: 'completed' | 'cancelled'): void {
  progress.state.currentStep = null;
  progress.state.closedAt = progress.now();
  progress.record(`onboarding.${status}`, status === 'completed' ? 'Onboarding completed' : 'Onboarding cancelled');
  visibility.setStatus(status);
}

/** A failed undo cannot wait for a person inside the run: HR hears of it at once, once. */
async function tellHrAboutCompensation({ input, progress }: Onboarding, step: StepState, reason: string): Promise<void> {
  const settings = input.escalation;
  if (!settings) return;
  try {
    await noticeActivities(input.retry, `${step.key}:compensation:escalated`).notifyHr({
      hireName: progress.hire.fullName,
      employeeId: progress.hire.employeeId,
      stepKey: step.key,
      stepLabel: step.label,
      reason: `Could not undo ${step.label} after the cancel: ${reason}. Undo it by hand.`,
      kind: 'escalated',
      count: 0,
      occasion: 'compensation:escalated',
      hrEmail: settings.hrEmail,
      hrSlackChannel: settings.hrSlackChannel,
      dashboardUrl: settings.dashboardUrl,
    });
    progress.record('escalated', `HR told that ${step.label} could not be undone`, { step: step.key });
  } catch (err) {
    progress.record('escalated', `Could not reach HR about ${step.label}: ${describeFailure(err).message}`, { step: step.key });
  }
}

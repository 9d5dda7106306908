/**
 * The assistant inside the onboarding workflow: the approval loop of a learning path (drafts, the
 * approver's feedback back to the LLM, at most MAX_APPROVAL_ROUNDS drafts for the approver, then HR
 * decides) and the diagnosis recorded when a service step needs a person, with the fix the workflow may
 * apply itself (AUTO_FIX=apply, once per step). Deterministic code only, like the rest of the workflow.
 *
 * Every command here is new: onboarding.ts calls into this module only behind the `approval` and
 * `diagnosis` patches (patches.ts), so runs recorded before them replay as they ran.
 */
import { condition, isCancellation, proxyActivities, uuid4 } from '@temporalio/workflow';
import { holdReason } from '../shared/breaker';
import { AUTO_FIX_CONFIDENCE, editableFieldOf, type Diagnosis, type FailureFacts } from '../shared/diagnosis';
import { PLAN_OWNER_LABELS } from '../shared/plan-rules';
import type { AssistantActivities, StepCall } from '../shared/workflow-contract';
import type { ApprovalState, LearningPathResult, OnboardingInput, PlannedStep, RetryPatch, StepState } from '../shared/schemas';
import { describeFailure } from './failures';
import type { ApprovalInbox } from './handlers';
import type { Progress } from './progress';
import { activitiesFor, noticeActivities } from './steps';
import type { Visibility } from './visibility';

/** Drafts the plan's approver sees; their feedback on the last one hands the decision to HR. */
export const MAX_APPROVAL_ROUNDS = 3;

/** What this module needs from the onboarding in flight (onboarding.ts hands it in). */
export interface AssistantRun {
  input: OnboardingInput;
  progress: Progress;
  visibility: Visibility;
  approvals: ApprovalInbox;
  /**
   * Waits until `resolved()`, telling HR after ESCALATE_AFTER (or at once with `immediately`) and
   * reminding them (onboarding.ts escalateWhileWaiting).
   */
  escalate(step: StepState, resolved: () => boolean, reason: string, occasion: string, immediately?: boolean): Promise<void>;
  /** Whether this run's service calls look at their breaker first (service-wait.ts). */
  guarded: boolean;
  /** Waits, using no attempt, until the step's service breaker lets it go (onboarding.ts waitForService). */
  waitForService(step: StepState, reason: string): Promise<{ probe: boolean }>;
}

// ----- approval -----

function titles(modules: LearningPathResult['modules']): string[] {
  return modules.map((module) => module.title);
}

function approverLabel(approver: 'manager' | 'hr'): string {
  return approver === 'hr' ? 'HR' : PLAN_OWNER_LABELS[approver].toLowerCase();
}

/** "the manager's", "HR's". */
function approversOwn(approver: 'manager' | 'hr'): string {
  return approver === 'hr' ? "HR's" : `the ${approverLabel(approver)}'s`;
}

/**
 * After the first draft (the step's result): waits for the approver. "Request changes" sends the draft
 * and the feedback to the LLM for the next draft; a new link goes out for every draft, and the old one
 * answers 410. The approver's feedback on draft MAX_APPROVAL_ROUNDS hands the decision to HR, who is told
 * at once and answers from the dashboard; an approval the plan gives to HR stops there too (no more links,
 * HR told at once). "Approve" completes the step with `approvedBy`.
 */
export async function runApproval(run: AssistantRun, planned: PlannedStep): Promise<void> {
  const { input, progress, visibility, approvals } = run;
  const { record, now } = progress;
  const step = progress.step(planned.key);
  const first = step.result as LearningPathResult;
  const planApprover = planned.approval ?? 'manager';
  const approval: ApprovalState = {
    approver: planApprover,
    round: 1,
    maxRounds: MAX_APPROVAL_ROUNDS,
    open: false,
    drafts: [{ round: 1, modules: first.modules, at: now() }],
    approvedBy: null,
  };
  step.approval = approval;
  step.owner = planApprover;
  step.completedAt = null;
  let links = 0;
  /** The approver's rounds are used up: no more links, HR decides on the dashboard. */
  let onDashboard = false;
  try {
    for (;;) {
      const current = approval.drafts[approval.drafts.length - 1] ?? approval.drafts[0]!;
      step.status = 'waiting_for_person';
      approval.open = true;
      const who = approverLabel(approval.approver);
      record('approval.requested', `Draft ${approval.round} of the learning path waits for ${approversOwn(approval.approver)} approval: ${titles(current.modules).join('; ')}`, {
        step: step.key,
      });
      visibility.publish();
      // The plan's approver gets a link to each draft; once the decision is handed to HR, HR answers on the dashboard.
      const handedToHr = onDashboard;
      if (!handedToHr) {
        links += 1;
        await sendApprovalLink(run, planned, step, current.modules, links);
      }
      const decided = () => approvals.has(step.key);
      // A fresh draft is not late: it needs action (and HR hears of it) only after ESCALATE_AFTER; a
      // decision handed to HR needs it at once.
      if (input.escalation && !handedToHr) await condition(decided, input.escalation.escalateAfterMs);
      if (!decided()) {
        await run.escalate(
          step,
          decided,
          `draft ${approval.round} of the learning path waits for ${approversOwn(approval.approver)} approval`,
          `approval-l${links}-r${approval.round}${handedToHr ? '-hr' : ''}`,
          true,
        );
      }
      await condition(decided);
      const decision = approvals.get(step.key)!;
      approvals.delete(step.key);
      if (step.link) {
        step.usedNonces = [...(step.usedNonces ?? []), step.link.nonce];
        step.link = null;
      }
      if (decision.decision === 'approve') {
        // Without sign-in there is no name: the link speaks for its approver, the dashboard for HR.
        const by = decision.actor ?? (decision.byLink && approval.approver !== 'hr' ? PLAN_OWNER_LABELS[approval.approver] : 'HR');
        approval.approvedBy = by;
        step.completedBy = by;
        step.status = 'completed';
        step.completedAt = now();
        record('step.completed', `${step.label} completed: draft ${approval.round} approved by ${by}`, { step: step.key, actor: decision.actor });
        visibility.publish();
        return;
      }
      const feedback = decision.feedback ?? '';
      // Feedback on the last draft of the approver's rounds goes to HR, not to the model: a manager's
      // approval is handed over; one the plan gives to HR stops going round by link all the same.
      if (!onDashboard && approval.round >= approval.maxRounds) {
        onDashboard = true;
        approval.approver = 'hr';
        step.owner = 'hr';
        const asker = planApprover === 'hr' ? 'HR' : `The ${who}`;
        const next = planApprover === 'hr' ? 'HR decides on the dashboard now' : 'HR decides now';
        record(
          'approval.handed_to_hr',
          `${asker} asked for changes to ${approval.maxRounds} drafts: ${next} (approve draft ${approval.round}, or request changes)`,
          { step: step.key },
        );
        continue;
      }
      await redraft(run, step, current.modules, feedback);
    }
  } catch (err) {
    if (isCancellation(err) && step.status !== 'completed') {
      approval.open = false;
      step.status = 'cancelled';
      record('step.cancelled', `${step.label} cancelled while waiting for approval`, { step: step.key });
    }
    throw err;
  }
}

/**
 * The next draft from the model; if it cannot write one, the current draft stays up for a decision. Like
 * the first draft it goes through the LLM's breaker (guarded runs): while the LLM is paused or its breaker
 * open the call does not go out, and the step waits, using no attempt, until the breaker lets it go.
 */
async function redraft(run: AssistantRun, step: StepState, modules: LearningPathResult['modules'], feedback: string): Promise<void> {
  const { input, progress, visibility } = run;
  const approval = step.approval!;
  const round = approval.round + 1;
  step.status = 'running';
  step.attempt = 1;
  visibility.publish();
  try {
    const args = { hire: { ...progress.hire }, modules, feedback, round };
    const call: StepCall = run.guarded ? { breaker: true } : {};
    let outcome = await activitiesFor('learning-path', input.retry, 'run').reviseLearningPath(args, call);
    while (outcome.held) {
      const { probe } = await run.waitForService(step, holdReason(outcome.held));
      outcome = await activitiesFor('learning-path', input.retry, 'run').reviseLearningPath(args, { ...call, probe });
    }
    const { value, attempt } = outcome;
    approval.round = round;
    approval.drafts.push({ round, modules: value.modules, feedback, at: progress.now() });
    step.result = value;
    step.attempt = attempt;
    progress.record('approval.drafted', `Draft ${round} after the feedback “${feedback}”: ${titles(value.modules).join('; ')}`, { step: step.key });
  } catch (err) {
    if (isCancellation(err)) throw err;
    progress.record('approval.drafted', `Could not write draft ${round}: ${describeFailure(err).message}. Draft ${approval.round} stays up for a decision.`, {
      step: step.key,
    });
  }
}

/** Emails the approver a fresh link to the current draft; a failure is an event, not a stop. */
async function sendApprovalLink(
  { input, progress }: AssistantRun,
  planned: PlannedStep,
  step: StepState,
  modules: LearningPathResult['modules'],
  count: number,
): Promise<void> {
  const settings = input.escalation;
  step.link = { nonce: uuid4(), used: false };
  if (!settings || !planned.ownerAddress) return;
  const occasion = `approval-l${count}`;
  const round = step.approval?.round ?? 1;
  try {
    await noticeActivities(input.retry, `${step.key}:${occasion}`).sendTaskLink({
      hireName: progress.hire.fullName,
      step: { key: step.key, label: step.label, description: step.description },
      ownerAddress: planned.ownerAddress,
      nonce: step.link.nonce,
      linkTtlMs: settings.linkTtlMs,
      occasion,
      reminder: false,
      approval: { round, titles: titles(modules) },
    });
    progress.record('link.sent', `Link to draft ${round} sent to ${planned.approval === 'hr' ? 'HR' : `the ${approverLabel(planned.approval ?? 'manager')}`}`, { step: step.key });
  } catch (err) {
    if (isCancellation(err)) throw err;
    progress.record('link.sent', `Could not email the link to draft ${round}: ${describeFailure(err).message}`, { step: step.key });
  }
}

// ----- diagnosis -----

function describePatch(patch: RetryPatch): string {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} → ${String(value)}`)
    .join(', ');
}

/**
 * Records the assistant's diagnosis on a step that needs a person (unless AUTO_FIX=off). The activity
 * never fails for the assistant's own trouble; if it fails anyway, the step simply has no diagnosis.
 */
export async function diagnose({ input, progress }: AssistantRun, step: StepState): Promise<Diagnosis | null> {
  if ((input.assistant?.autoFix ?? 'suggest') === 'off' || !step.lastFailure) return null;
  const { hire } = progress;
  const facts: FailureFacts = {
    step: step.key,
    type: step.lastFailure.type,
    message: step.lastFailure.message,
    fields: {
      fullName: hire.fullName,
      email: hire.email,
      slackChannel: hire.slackChannel,
      role: hire.role,
      department: hire.department,
      employeeId: hire.employeeId,
    },
  };
  const { diagnoseFailure } = proxyActivities<AssistantActivities>({
    activityId: `diagnosis:${step.key}:r${step.round}`,
    startToCloseTimeout: '60s',
    scheduleToCloseTimeout: '3 minutes',
    retry: { initialInterval: input.retry.initialInterval, maximumInterval: input.retry.maximumInterval, maximumAttempts: 3 },
  });
  try {
    const diagnosis = await diagnoseFailure(facts);
    step.diagnosis = diagnosis;
    const fix = diagnosis.suggestion?.patch ? ` Suggested fix: ${describePatch(diagnosis.suggestion.patch)}.` : diagnosis.suggestion ? '' : ' No safe fix.';
    const summary = /[.?!]$/.test(diagnosis.summary) ? diagnosis.summary : `${diagnosis.summary}.`;
    progress.record('step.diagnosed', `${summary}${fix}`, { step: step.key, actor: 'assistant' });
    return diagnosis;
  } catch (err) {
    if (isCancellation(err)) throw err;
    step.diagnosis = null;
    progress.record('step.diagnosed', `The assistant could not diagnose ${step.label}: ${describeFailure(err).message}`, { step: step.key, actor: 'assistant' });
    return null;
  }
}

/**
 * The patch the workflow applies by itself: only with AUTO_FIX=apply, only a rule's suggestion of
 * confidence ≥ AUTO_FIX_CONFIDENCE that is a plain retry with a correction of this step's own field and
 * needs nothing done by hand first, and only once per step.
 */
export function automaticFix({ input }: AssistantRun, step: StepState): RetryPatch | undefined {
  if (input.assistant?.autoFix !== 'apply' || step.autoFixed) return undefined;
  const diagnosis = step.diagnosis;
  const suggestion = diagnosis?.suggestion;
  if (!diagnosis || !suggestion?.patch || diagnosis.confidence < AUTO_FIX_CONFIDENCE) return undefined;
  if ((suggestion.action ?? 'retry') !== 'retry' || suggestion.instructions) return undefined;
  const field = editableFieldOf(step.key);
  const entries = Object.entries(suggestion.patch).filter(([, value]) => value !== undefined);
  if (!field || entries.length !== 1 || entries[0]![0] !== field) return undefined;
  const patch: RetryPatch = { [field]: entries[0]![1] };
  return patch;
}

export { describePatch };

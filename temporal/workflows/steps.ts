/**
 * The steps of an onboarding, one row each: the activity that does it and, where something must be
 * taken back after a cancel, the activity that undoes it with the event message that says so. A new
 * kind of step is a new row here (its key, label and retry policy live in temporal/shared).
 */
import { proxyActivities, ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { StepKey } from '../shared/constants';
import {
  compensationActivityId,
  STEP_POLICIES,
  type OnboardingActivities,
  type StepCall,
  type StepOutcome,
} from '../shared/workflow-contract';
import type { NewHire, OnboardingInput, StepResult } from '../shared/schemas';

export interface Step {
  /** Does the step; Temporal retries the activity under the step's policy (STEP_POLICIES). */
  /** Held (nothing sent) when its service is paused or its breaker open: see service-wait.ts. */
  run: (activities: OnboardingActivities, hire: NewHire, call: StepCall) => Promise<StepOutcome<StepResult>>;
  /** Takes a completed step back after a cancel; `done` is the `step.compensated` event's message. */
  undo?: {
    run: (activities: OnboardingActivities, hire: NewHire) => Promise<unknown>;
    done: (hire: NewHire) => string;
  };
}

export const STEPS: Record<StepKey, Step> = {
  'welcome-email': {
    run: (activities, hire, call) => activities.sendWelcomeEmail(hire, call),
    undo: {
      run: (activities, hire) => activities.sendCancellationEmail(hire),
      done: (hire) => `Cancellation email sent to ${hire.email}`,
    },
  },
  // A learning path sent to nobody yet needs no undo.
  'learning-path': {
    run: (activities, hire, call) => activities.generateLearningPath(hire, call),
  },
  'crm-update': {
    run: (activities, hire, call) =>
      activities.setCrmStatus({ employeeId: hire.employeeId, status: 'onboarded', compensation: false }, call),
    undo: {
      run: (activities, hire) =>
        activities.setCrmStatus({ employeeId: hire.employeeId, status: 'cancelled', compensation: true }),
      done: () => 'CRM status set back to cancelled',
    },
  },
  'slack-notification': {
    run: (activities, hire, call) => activities.postSlackAnnouncement(hire, call),
    undo: {
      run: (activities, hire) => activities.postSlackCorrection(hire),
      done: (hire) => `Correction posted to ${hire.slackChannel}`,
    },
  },
};

/** A killed worker is noticed this fast, and cancellation reaches an activity on its next heartbeat. */
const HEARTBEAT_TIMEOUT = '10s';

/**
 * The activities as the step `key` calls them: its retry policy, and a fixed activity ID (the step key,
 * or compensationActivityId for its undo) so describe().pendingActivities can be matched to steps.
 */
export function activitiesFor(key: StepKey, retry: OnboardingInput['retry'], purpose: 'run' | 'undo'): OnboardingActivities {
  const policy = STEP_POLICIES[key];
  const options: ActivityOptions = {
    activityId: purpose === 'run' ? key : compensationActivityId(key),
    startToCloseTimeout: policy.startToCloseTimeout,
    scheduleToCloseTimeout: policy.scheduleToCloseTimeout,
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    // Wait until the activity has really stopped, so nothing of a cancelled step lands after compensation.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: retry.initialInterval,
      maximumInterval: retry.maximumInterval,
      backoffCoefficient: policy.backoffCoefficient,
      maximumAttempts: policy.maximumAttempts,
    },
  };
  return proxyActivities<OnboardingActivities>(options);
}

/**
 * The activities that tell people (owners' links, HR's escalations): a few quick attempts under the run's
 * retry intervals, a fixed activity ID per occasion that never matches a step's.
 */
export function noticeActivities(retry: OnboardingInput['retry'], occasion: string): OnboardingActivities {
  return proxyActivities<OnboardingActivities>({
    activityId: `notice:${occasion}`,
    startToCloseTimeout: '30s',
    scheduleToCloseTimeout: '5 minutes',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: { initialInterval: retry.initialInterval, maximumInterval: retry.maximumInterval, backoffCoefficient: 2, maximumAttempts: 5 },
  });
}

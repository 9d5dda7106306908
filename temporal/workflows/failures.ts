/**
 * Failures in both directions: an activity's failure as a person should read it on its step, and the
 * typed rejection an update validator throws back to whoever asked.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { AttemptFailureDetails, UpdateRejectionType } from '../shared/workflow-contract';
import type { StepFailure } from '../shared/schemas';

/** The failure as a person should read it: the activity's own message, not "Activity task failed". */
export function describeFailure(err: unknown): StepFailure {
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

/** The attempt that gave up, which the activity puts in its failure (the workflow cannot see attempts). */
export function failedAttempt(err: unknown): number | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const details = cause.details?.[0] as Partial<AttemptFailureDetails> | undefined;
  return typeof details?.attempt === 'number' ? details.attempt : undefined;
}

/**
 * Rejects an update from its validator: the caller gets a `WorkflowUpdateFailedError` whose `cause` is
 * this failure, with the `type` to map to an error code and the message to show as it is. Nothing is
 * written to the history.
 */
export function rejectUpdate(type: UpdateRejectionType, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** The breaker's pause and resume are rejected the same way, with their own types. */
export function rejectBreakerUpdate(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

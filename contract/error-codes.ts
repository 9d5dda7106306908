/**
 * Every error code the HTTP API answers, and its HTTP status: the one place a status number is chosen
 * for a failure. Server code throws `new ApiError(code, message)` and the status comes from here; the
 * OpenAPI document and the browser client read the same table. No zod: pages may import it.
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** The request's Host is not one of the app's names (DNS rebinding protection). */
  host_not_allowed: 403,
  not_found: 404,
  /** The simulated services are turned off (SANDBOX=off): they do not exist. */
  sandbox_disabled: 404,
  method_not_allowed: 405,
  already_exists: 409,
  not_retryable: 409,
  not_skippable: 409,
  already_closed: 409,
  /** Retry now: the step is not waiting for its next automatic attempt. */
  not_retrying: 409,
  /** Erasing personal data: only once the onboarding has finished. */
  not_finished: 409,
  /** Run now: the step is not waiting for its time. */
  not_scheduled: 409,
  /** Completing a task (or answering through a link) that is not open. */
  not_open: 409,
  /** Resuming a service whose breaker is closed: nothing to resume. */
  not_paused: 409,
  /** A person's link that was already used, or has expired. */
  link_used: 410,
  /** People: the change would leave no active HR admin. */
  last_admin: 409,
  /** A one-time set-password link, or a person's link to a task, that is past its time. */
  link_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  temporal_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export function statusOf(code: ErrorCode): ErrorStatus {
  return ERROR_STATUS[code];
}

import 'server-only';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import type { ErrorEnvelope } from '@/contract/http';
import { statusOf, type ErrorCode } from '@/contract/error-codes';

export const TEMPORAL_UNAVAILABLE_MESSAGE = 'Temporal is unreachable; nothing was started. Try again in a moment.';

interface ApiErrorDetails {
  fields?: Record<string, string[]>;
  /** For already_exists: the onboarding that exists. */
  id?: string;
  headers?: Record<string, string>;
}

/**
 * An error meant for the client: its code and message go out as they are, with the code's HTTP status
 * (contract/error-codes.ts), so no caller picks a status number.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf(code);
  }
}

export function apiErrorResponse(error: ApiError): Response {
  const { fields, id, headers } = error.details;
  const envelope: ErrorEnvelope = {
    error: { code: error.code, message: error.message, ...(fields ? { fields } : {}), ...(id ? { id } : {}) },
  };
  return Response.json(envelope, { status: error.status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

// gRPC codes that mean "the server could not be reached or did not answer in time", not "the request was wrong".
// (gRPC status numbers are fixed by the protocol: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED.)
const UNREACHABLE_GRPC_CODES = new Set<number>([14, 4]);
const UNREACHABLE_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** True when an error (or one of its causes) says Temporal itself is unreachable. */
export function isTemporalUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (isGrpcServiceError(current) && UNREACHABLE_GRPC_CODES.has(current.code)) return true;
    const systemCode = (current as { code?: unknown }).code;
    if (typeof systemCode === 'string' && UNREACHABLE_SYSTEM_CODES.has(systemCode)) return true;
    // The SDK reports a connection that could not be established within connectTimeout this way.
    if (current.name === 'TransportError' || /failed to connect|connection refused|ECONNREFUSED/i.test(current.message)) return true;
    if (current instanceof ServiceError && current.cause === undefined && /unavailable|deadline/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** Turns any thrown value into an ApiError; unknown errors become a generic 500 (the caller logs them). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof WorkflowNotFoundError) {
    return new ApiError('not_found', 'No onboarding with this ID.');
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError('already_exists', 'An onboarding for this employee ID already exists.', {
      id: error.workflowId,
    });
  }
  if (isTemporalUnavailable(error)) {
    return new ApiError('temporal_unavailable', TEMPORAL_UNAVAILABLE_MESSAGE, { headers: { 'Retry-After': '5' } });
  }
  return new ApiError('internal_error', 'Something went wrong on our side. Try again, and tell the team if it keeps happening.');
}

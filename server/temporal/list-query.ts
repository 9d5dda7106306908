import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { employeeIdSchema, WORKFLOW_ID_PREFIX, WORKFLOW_TYPE, type OnboardingStatus } from '@/temporal/shared/contract';

/** A visibility-query string literal: quotes and backslashes escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const FAILED_EXECUTION_STATUSES = "ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')";

/**
 * Our statuses in visibility terms. While the execution runs, the workflow keeps OnboardingStatus
 * current; once it is closed the execution status decides (a workflow that handles cancellation may
 * complete normally with OnboardingStatus 'cancelled').
 */
export function statusClause(status: OnboardingStatus): string {
  switch (status) {
    case 'running':
    case 'needs_attention':
    case 'cancelling':
      return `ExecutionStatus = 'Running' AND OnboardingStatus = ${quote(status)}`;
    case 'completed':
      return "ExecutionStatus = 'Completed' AND OnboardingStatus NOT IN ('cancelled', 'cancelling')";
    case 'cancelled':
      return "(ExecutionStatus = 'Canceled' OR (ExecutionStatus = 'Completed' AND OnboardingStatus IN ('cancelled', 'cancelling')))";
    case 'failed':
      return FAILED_EXECUTION_STATUSES;
  }
}

/**
 * What `q` can match: an employee-ID prefix (only if `q` could start an ID) and/or the hashed words of
 * a name (all words must be present). Undefined when nothing can match, so we need not ask Temporal.
 */
export function searchClause(q: string, hashWord: (word: string) => string, words: string[]): string | undefined {
  const clauses: string[] = [];
  const trimmed = q.trim();
  if (employeeIdSchema.safeParse(trimmed).success) {
    clauses.push(`WorkflowId STARTS_WITH ${quote(WORKFLOW_ID_PREFIX + trimmed)}`);
  }
  if (words.length > 0) {
    const nameMatch = words.map((word) => `OnboardingNameTokens = ${quote(hashWord(word))}`).join(' AND ');
    clauses.push(words.length > 1 ? `(${nameMatch})` : nameMatch);
  }
  if (clauses.length === 0) return undefined;
  return clauses.length > 1 ? `(${clauses.join(' OR ')})` : clauses[0];
}

/** How soon a start counts as "soon" for the at-risk view. */
export const STARTS_SOON_DAYS = 3;

/**
 * Running onboardings that need a person (a failed step), have an overdue task (OnboardingAttentionSince
 * is set while a person is needed), or start within STARTS_SOON_DAYS (a running onboarding has steps not
 * done). The bound is the end of that UTC day, so the query (and its cursors) stays the same all day.
 */
export function atRiskClause(now: Date): string {
  const soon = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + STARTS_SOON_DAYS, 23, 59, 59));
  return (
    "ExecutionStatus = 'Running' AND (OnboardingStatus = 'needs_attention' OR OnboardingAttentionSince IS NOT NULL" +
    ` OR OnboardingStartDate <= ${quote(soon.toISOString())})`
  );
}

export interface ListFilter {
  status?: OnboardingStatus | undefined;
  /** Already built by searchClause. */
  search?: string | undefined;
  /** Already built by atRiskClause. */
  risk?: string | undefined;
}

export function buildListQuery({ status, search, risk }: ListFilter, orderByStartTime: boolean): string {
  const parts = [`WorkflowType = ${quote(WORKFLOW_TYPE)}`];
  if (status) parts.push(`(${statusClause(status)})`);
  if (risk) parts.push(`(${risk})`);
  if (search) parts.push(search);
  // SQL visibility (the dev server's SQLite) rejects ORDER BY; its default order is running executions
  // newest first, then closed ones by close time, newest first.
  return parts.join(' AND ') + (orderByStartTime ? ' ORDER BY StartTime DESC' : '');
}

/**
 * Cursors carry Temporal's page token with a MAC over it and the query it belongs to. A made-up or
 * edited cursor, or one reused with other filters, is then a 400 from us: the server would otherwise
 * answer a bad token with an internal error that its client retries until the deadline.
 */
export function encodeCursor(pageToken: Uint8Array, query: string, secret: string): string {
  const token = Buffer.from(pageToken).toString('base64url');
  return `${token}.${cursorMac(token, query, secret)}`;
}

export function decodeCursor(cursor: string, query: string, secret: string): Uint8Array | undefined {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(cursor);
  if (!match?.[1] || !match[2]) return undefined;
  const expected = Buffer.from(cursorMac(match[1], query, secret));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return new Uint8Array(Buffer.from(match[1], 'base64url'));
}

function cursorMac(token: string, query: string, secret: string): string {
  return createHmac('sha256', secret).update(`cursor\n${query}\n${token}`).digest('base64url').slice(0, 22);
}

/**
 * The contract of bulk decisions: one `batchWorkflow` applies a retry, skip, cancel or start to many
 * onboardings with bounded concurrency and keeps each item's outcome, so closing the browser stops
 * nothing. Workflow-safe and zod-free like ./workflow-contract.ts (the request schemas are in
 * contract/batches.ts).
 */
import { defineQuery } from '@temporalio/workflow';
import type { OnboardingInput, OnboardingMemo, RetryPatch, StepKey } from './schemas';

export const BATCH_WORKFLOW_TYPE = 'batchWorkflow';
export const BATCH_ID_PREFIX = 'batch-';

export const BATCH_ACTIONS = ['retry', 'skip', 'cancel', 'start'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

export const BATCH_OUTCOMES = ['done', 'not_applicable', 'failed'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/** At most this many onboardings are changed at once, so a large batch does not crowd out the rest. */
export const BATCH_CONCURRENCY = 5;
/** A batch names at most this many onboardings (the CSV import's row limit). */
export const MAX_BATCH_ITEMS = 1000;

/** Everything a new onboarding's start needs, prepared by the web app (retry policy, memo, name hashes). */
export interface PreparedStart {
  workflowId: string;
  input: OnboardingInput;
  memo: OnboardingMemo;
  /** Keyed hashes of the name's words for search (never the words themselves). */
  nameTokens: string[];
  /** 00:00 of the start date in the company's time zone, ISO (the `OnboardingStartDate` search attribute). */
  startsAt?: string;
  /** The plan's first service step (the `OnboardingStep` search attribute until the onboarding publishes its own). */
  firstStep?: string;
}

export interface BatchInput {
  action: BatchAction;
  /** Who asked: recorded in each onboarding's activity log. */
  actor?: string;
  /** Onboardings to decide on (retry, skip, cancel). */
  ids?: string[];
  step?: StepKey;
  patch?: RetryPatch;
  /** Onboardings to start (start). */
  starts?: PreparedStart[];
  taskQueue: string;
}

export interface BatchItem {
  id: string;
  /** The hire's name, when known, so a person can read the outcomes. */
  name?: string;
  outcome?: BatchOutcome;
  message?: string;
}

export interface BatchProgress {
  action: BatchAction;
  status: 'running' | 'completed';
  total: number;
  /** Items finished, whatever their outcome. */
  done: number;
  failed: number;
  items: BatchItem[];
  startedAt: string;
  closedAt: string | null;
  actor?: string;
}

export const batchProgressQuery = defineQuery<BatchProgress>('batchProgress');

export interface BatchItemResult {
  outcome: BatchOutcome;
  message?: string;
  name?: string;
}

/** Decisions on other workflows need a Temporal client, so they run as activities. */
export interface BatchActivities {
  applyBatchDecision(request: {
    action: Exclude<BatchAction, 'start'>;
    id: string;
    step?: StepKey;
    patch?: RetryPatch;
    actor?: string;
  }): Promise<BatchItemResult>;
}

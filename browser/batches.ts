/**
 * The browser's calls for bulk work: start a batch (a bulk decision or a CSV import's starts), follow it,
 * and preview a CSV file. Components call these, never `fetch` with a URL of their own.
 */
import useSWR from 'swr';
import type { BatchView, ImportPreview } from '../contract/batches';
import type { NewHire, OnboardingStatus, RetryPatch, StepKey } from '../temporal/shared/schemas';
import { type ApiError, fetcher, requestJson } from './fetcher';
import { retryOnError } from './swr/retry-on-error';

export type BulkTarget = { ids: string[] } | { filter: { status?: OnboardingStatus; q?: string } };

export type BulkDecision =
  | { action: 'retry'; step?: StepKey; patch?: RetryPatch }
  | { action: 'skip'; step: StepKey }
  | { action: 'cancel' };

/** One key per intent: pressing twice, or a retried request, names the same batch. */
function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function startBatch(body: object, idempotencyKey = newIdempotencyKey()): Promise<{ id: string }> {
  return requestJson<{ id: string }>('/api/batches', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function startBulkDecision(target: BulkTarget, decision: BulkDecision, idempotencyKey?: string): Promise<{ id: string }> {
  return startBatch({ ...decision, ...target }, idempotencyKey);
}

export function startImportedOnboardings(hires: NewHire[], idempotencyKey?: string): Promise<{ id: string }> {
  return startBatch({ action: 'start', hires }, idempotencyKey);
}

export function batchUrl(id: string): string {
  return `/api/batches/${encodeURIComponent(id)}`;
}

/** A batch's progress, polled every second until it is completed. */
export function useBatch(id: string) {
  const { data, error } = useSWR<BatchView, ApiError>(batchUrl(id), fetcher, {
    refreshInterval: (latest) => (latest?.status === 'completed' ? 0 : 1000),
    onErrorRetry: retryOnError,
  });
  return { batch: data, error };
}

export async function previewImport(file: File): Promise<ImportPreview> {
  return requestJson<ImportPreview>('/api/imports', {
    method: 'POST',
    body: await file.arrayBuffer(),
    headers: { 'Content-Type': 'text/csv' },
  });
}

export { IMPORT_TEMPLATE_URL } from './fetcher';


/** Brings a retrying step's next attempt forward (the step must be waiting for it). */
export function retryStepNow(id: string, step: string): Promise<{ accepted: true }> {
  return requestJson<{ accepted: true }>(`/api/onboardings/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/retry-now`, {
    method: 'POST',
  });
}

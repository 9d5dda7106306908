/**
 * Request and response shapes of bulk decisions (`POST /api/batches`, `GET /api/batches/:id`) and the
 * CSV import preview (`POST /api/imports`).
 */
import { z } from 'zod';
import { BATCH_ACTIONS, BATCH_OUTCOMES, MAX_BATCH_ITEMS } from '../temporal/shared/batch-contract';
import { newHireSchema, onboardingStatusSchema, retryPatchSchema, stepKeySchema } from '../temporal/shared/schemas';

export const batchFilterSchema = z.strictObject({
  status: onboardingStatusSchema.optional(),
  q: z.string().max(100, { error: 'Search with at most 100 characters' }).optional(),
});

export const batchRequestSchema = z
  .strictObject({
    action: z.enum(BATCH_ACTIONS, { error: `Use one of: ${BATCH_ACTIONS.join(', ')}` }),
    ids: z
      .array(z.string().min(1).max(100))
      .min(1, { error: 'Name at least one onboarding' })
      .max(MAX_BATCH_ITEMS, { error: `At most ${MAX_BATCH_ITEMS} onboardings in one batch` })
      .optional(),
    filter: batchFilterSchema.optional(),
    step: stepKeySchema.optional(),
    patch: retryPatchSchema.optional(),
    hires: z
      .array(newHireSchema)
      .min(1, { error: 'Name at least one new hire' })
      .max(MAX_BATCH_ITEMS, { error: `At most ${MAX_BATCH_ITEMS} new hires in one batch` })
      .optional(),
  })
  .superRefine((request, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (request.action === 'start') {
      if (!request.hires) problem('hires', 'A start batch lists the new hires');
      for (const field of ['ids', 'filter', 'step', 'patch'] as const) {
        if (request[field] !== undefined) problem(field, 'A start batch takes only hires');
      }
      return;
    }
    if (request.hires) problem('hires', 'Only a start batch takes hires');
    if ((request.ids === undefined) === (request.filter === undefined)) {
      problem('ids', 'Name the onboardings either by ids or by filter (one of the two)');
    }
    if (request.action === 'skip' && !request.step) problem('step', 'Say which step to skip');
    if (request.action !== 'retry' && request.patch) problem('patch', 'Only a retry takes a correction');
    if (request.action === 'cancel' && request.step) problem('step', 'A cancel applies to the whole onboarding');
  });
export type BatchRequest = z.infer<typeof batchRequestSchema>;

export const batchStartedSchema = z.object({ id: z.string() });

export const batchViewSchema = z.object({
  id: z.string(),
  action: z.enum(BATCH_ACTIONS),
  status: z.enum(['running', 'completed']),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Finished items, in the order of the request. */
  items: z.array(
    z.object({ id: z.string(), name: z.string().optional(), outcome: z.enum(BATCH_OUTCOMES), message: z.string().optional() }),
  ),
  /** Items not finished yet. */
  pending: z.number().int().nonnegative(),
  actor: z.string().optional(),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const importPreviewSchema = z.object({
  rows: z.array(
    z.object({
      line: z.number().int().positive(),
      hire: newHireSchema.optional(),
      errors: z.array(z.string()).optional(),
      duplicateOf: z.string().optional(),
      values: z.record(z.string(), z.string()).optional(),
    }),
  ),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/**
 * What the HTTP API returns (SPEC §4). Route handlers parse their responses with these schemas so the
 * shape cannot drift, the OpenAPI document is generated from them, and the pages
 * import the types.
 * Plain zod only: safe to import from client components.
 */
import { z } from 'zod';
import {
  eventTypeSchema,
  newHireFieldsSchema,
  onboardingStatusSchema,
  stepFailureSchema,
  stepKeySchema,
  stepResultSchema,
  stepStatusSchema,
} from '../temporal/shared/schemas';
import { planSchema } from '../temporal/shared/plans';
import { SANDBOX_SERVICES } from './sandbox-services';

export const summarySchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  fullName: z.string(),
  role: z.string(),
  department: z.string().nullable(),
  startDate: z.string(),
  status: onboardingStatusSchema,
  currentStep: stepKeySchema.nullable(),
  completedSteps: z.number().int(),
  totalSteps: z.number().int(),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Summary = z.infer<typeof summarySchema>;

export const listResponseSchema = z.object({
  items: z.array(summarySchema),
  nextCursor: z.string().nullable(),
});
export type ListResponse = z.infer<typeof listResponseSchema>;

export const stepViewSchema = z.object({
  key: stepKeySchema,
  label: z.string(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  lastFailure: stepFailureSchema.nullable(),
  nextRetryAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: stepResultSchema.nullable(),
});
export type StepView = z.infer<typeof stepViewSchema>;

export const eventViewSchema = z.object({
  at: z.string(),
  type: eventTypeSchema,
  step: stepKeySchema.optional(),
  message: z.string(),
  actor: z.string().optional(),
});
export type EventView = z.infer<typeof eventViewSchema>;

export const detailSchema = z.object({
  id: z.string(),
  runId: z.string(),
  status: onboardingStatusSchema,
  input: newHireFieldsSchema,
  currentStep: stepKeySchema.nullable(),
  steps: z.array(stepViewSchema),
  events: z.array(eventViewSchema),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  temporalUiUrl: z.string(),
  /**
   * Set when the onboarding is live but no worker has picked up its work for a while
   * (workers down or overloaded); the page says so instead of "running" forever.
   */
  waitingForWorker: z.boolean(),
});
export type Detail = z.infer<typeof detailSchema>;

export const startResponseSchema = z.object({
  id: z.string(),
  runId: z.string(),
  status: z.literal('running'),
});
export const acceptedResponseSchema = z.object({ accepted: z.literal(true) });
export const cancelResponseSchema = z.object({ status: z.literal('cancelling') });
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.enum(['ok', 'unavailable']),
});
/** GET /api/health/live: the web process answers (no Temporal call). */
export const liveResponseSchema = z.object({ status: z.literal('ok') });
/** GET /api/health/ready: Temporal answers and a worker polls the task queue; `message` says what is missing. */
export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  temporal: z.enum(['ok', 'unavailable']),
  worker: z.enum(['polling', 'none', 'unknown']),
  message: z.string(),
});

export const ERROR_CODES = [
  'invalid_input',
  'already_exists',
  'payload_too_large',
  'unsupported_media_type',
  'temporal_unavailable',
  'not_found',
  'not_retryable',
  'not_skippable',
  'already_closed',
  /** Erasing personal data: only once the onboarding has finished. */
  'not_finished',
  'method_not_allowed',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'sandbox_disabled',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    /** For already_exists: the existing onboarding. */
    id: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

// ----- sandbox -----

// Plain values in a zod-free module, so the sandbox page can import them without zod.
export { SANDBOX_SERVICES, SEED_FAILURE_RATES, type SandboxService } from './sandbox-services';
export const sandboxServiceSchema = z.enum(SANDBOX_SERVICES);

export const faultSettingsSchema = z.object({
  failNext: z.number().int().min(0).max(1000),
  failRate: z.number().min(0).max(1),
  latencyMs: z.number().int().min(0).max(120_000),
  permanent: z.boolean(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const faultRequestSchema = z.strictObject({
  service: sandboxServiceSchema,
  failNext: faultSettingsSchema.shape.failNext.optional(),
  failRate: faultSettingsSchema.shape.failRate.optional(),
  latencyMs: faultSettingsSchema.shape.latencyMs.optional(),
  permanent: faultSettingsSchema.shape.permanent.optional(),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/** One delivery: its key, its time, and the service's own fields beside them (to, subject, channel, text, employeeId, status...). */
export const deliverySchema = z.looseObject({
  id: z.string(),
  idempotencyKey: z.string().nullable(),
  at: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const sandboxStateSchema = z.object({
  faults: z.record(sandboxServiceSchema, faultSettingsSchema),
  deliveries: z.record(sandboxServiceSchema, z.array(deliverySchema)),
});
export type SandboxState = z.infer<typeof sandboxStateSchema>;

// ----- plans (GET /api/plans) -----

export const planListResponseSchema = z.object({ items: z.array(planSchema) });
export type PlanListResponse = z.infer<typeof planListResponseSchema>;

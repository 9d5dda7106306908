/**
 * The HTTP API's contract: the request and response schemas of every route, and the
 * route table that pairs them with methods, paths and error codes. Route handlers parse requests and
 * their own responses with these schemas, the OpenAPI document (server/api/openapi.ts) is generated
 * from the route table, and the browser client (browser/api.ts) takes its types from here.
 * Where a shape is the workflow's own (the new hire, retry and skip requests, events), it is the shared
 * schema from temporal/shared/schemas.ts, not a copy.
 * Plain zod only; pages import the types, and only zod-free modules (contract/error-codes.ts,
 * contract/sandbox-services.ts) at run time, so zod stays out of their
 * first-load JavaScript.
 */
import { z } from 'zod';
import {
  approvalStateSchema,
  diagnosisSchema,
  emailAddressSchema,
  learningModuleSchema,
  employeeIdSchema,
  isoDay,
  newHireFieldsSchema,
  onboardingEventSchema,
  onboardingStatusSchema,
  planStepKeySchema,
  retryRequestSchema,
  skipRequestSchema,
  START_DATE_WINDOW,
  stepFailureSchema,
  stepKeySchema,
  stepResultSchema,
  stepStatusSchema,
  completeTaskRequestSchema,
  rescheduleRequestSchema,
} from '../temporal/shared/schemas';
import { WORKFLOW_ID_PREFIX } from '../temporal/shared/workflow-contract';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { planSchema } from '../temporal/shared/plans';
import { MIN_PASSWORD_LENGTH, PERSON_ROLES } from './people';
import { FAULT_KINDS, SANDBOX_SERVICES } from './sandbox-services';
import { batchFilterSchema, batchRequestSchema, batchStartedSchema, batchViewSchema, importPreviewSchema } from './batches';
import { BATCH_ID_PREFIX, MAX_BATCH_ITEMS } from '../temporal/shared/batch-contract';
import { pauseRequestSchema, serviceListSchema, serviceNameSchema, serviceViewSchema } from './services';

export { ERROR_CODES, ERROR_STATUS, statusOf, type ErrorCode } from './error-codes';
export { makeNewHireSchema, newHireFieldsSchema, newHireSchema, retryRequestSchema, skipRequestSchema } from '../temporal/shared/schemas';

// ----- onboardings: requests -----

/** An onboarding's ID in a path: the prefix and an employee ID. */
export const onboardingIdSchema = z
  .string()
  .regex(new RegExp(`^${WORKFLOW_ID_PREFIX}[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`))
  .refine((id) => employeeIdSchema.safeParse(id.slice(WORKFLOW_ID_PREFIX.length)).success);

export const MAX_QUERY_LENGTH = 100;
/** Cursors are a page token and a MAC, both base64url (server/temporal/list-query.ts). */
export const MAX_CURSOR_LENGTH = 4096;
const pageSizeError = { error: 'Use a whole number from 1 to 100' };

export const listQuerySchema = z.object({
  status: onboardingStatusSchema.optional(),
  /** `at_risk`: what needs a person, has an overdue task, or starts within 3 days with steps not done. */
  view: z.enum(['at_risk'], { error: 'The only view is at_risk' }).optional(),
  q: z.string().max(MAX_QUERY_LENGTH, { error: `Search with at most ${MAX_QUERY_LENGTH} characters` }).optional(),
  pageSize: z.coerce.number(pageSizeError).int(pageSizeError).min(1, pageSizeError).max(100, pageSizeError).default(25),
  cursor: z
    .string()
    .max(MAX_CURSOR_LENGTH, { error: 'Not a cursor from this list' })
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'Not a cursor from this list' })
    .optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** `?status=&q=` means "no filter": empty parameters count as absent. */
export function listQueryInput(searchParams: URLSearchParams): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of listQuerySchema.keyof().options) {
    const value = searchParams.get(key);
    if (value !== null && value !== '') input[key] = value;
  }
  return input;
}

/**
 * The new hire as the OpenAPI document describes it on `day`: the shared fields, with the start date's
 * window (which the handler checks against the clock, see makeNewHireSchema) spelled out for that day.
 */
export function documentedNewHireSchema(day: Date) {
  return newHireFieldsSchema.extend({ startDate: documentedStartDate(newHireFieldsSchema.shape.startDate, day) });
}

/** A new start date (`POST /api/onboardings/{id}/reschedule`) as the document describes it on `day`: the same window. */
export function documentedRescheduleSchema(day: Date) {
  return rescheduleRequestSchema.extend({ startDate: documentedStartDate(rescheduleRequestSchema.shape.startDate, day) });
}

/**
 * A batch request as the document states it on `day`: one shape per action, with the rules the handler
 * checks (ids or filter, never both; skip names its step; only retry takes a patch) spelled out as
 * variants rather than left to prose.
 */
export function documentedBatchRequestSchema(day: Date) {
  const { ids, step, patch } = batchRequestSchema.shape;
  const chosen = (action: 'retry' | 'skip' | 'cancel', extra: z.ZodRawShape) => [
    z.strictObject({ action: z.literal(action), ids: ids.unwrap(), ...extra }),
    z.strictObject({ action: z.literal(action), filter: batchFilterSchema, ...extra }),
  ];
  return z.union([
    z.strictObject({ action: z.literal('start'), hires: z.array(documentedNewHireSchema(day)).min(1).max(MAX_BATCH_ITEMS) }),
    ...chosen('retry', { step, patch }),
    ...chosen('skip', { step: step.unwrap() }),
    ...chosen('cancel', {}),
  ]);
}

function documentedStartDate(schema: z.ZodString, day: Date) {
  const earliest = isoDay(day, -START_DATE_WINDOW.daysBefore);
  const latest = isoDay(day, START_DATE_WINDOW.daysAfter);
  return schema.meta({
    format: 'date',
    description: `A real calendar date (YYYY-MM-DD), from ${START_DATE_WINDOW.daysBefore} days before today to ${START_DATE_WINDOW.daysAfter} days after, in UTC: today from ${earliest} to ${latest} (\`formatMinimum\`, \`formatMaximum\`).`,
    formatMinimum: earliest,
    formatMaximum: latest,
  });
}

// ----- onboardings: responses -----

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
  /** Why it needs a look (the at-risk view), or null. */
  risk: z
    .object({ reason: z.enum(['needs_person', 'approval_waiting', 'overdue_task', 'starts_soon']), since: z.string() })
    .nullable(),
});
export type Summary = z.infer<typeof summarySchema>;

export const listResponseSchema = z.object({
  items: z.array(summarySchema),
  nextCursor: z.string().nullable(),
});
export type ListResponse = z.infer<typeof listResponseSchema>;

const countSchema = z.number().int().nonnegative();

/** `GET /api/onboardings/counts`: how many onboardings are in each status, and in the "Needs action" view. */
export const countsResponseSchema = z.object({
  statuses: z.object({
    running: countSchema,
    needs_attention: countSchema,
    completed: countSchema,
    cancelling: countSchema,
    cancelled: countSchema,
    failed: countSchema,
  }),
  needsAction: countSchema,
});
export type CountsResponse = z.infer<typeof countsResponseSchema>;

export const stepViewSchema = z.object({
  /** A service step's key is its service (welcome-email...), a task's is its key in the plan. */
  key: planStepKeySchema,
  label: z.string(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  lastFailure: stepFailureSchema.nullable(),
  nextRetryAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: stepResultSchema.nullable(),
  // Plan additions (plan runs; runs from before plans show their four service steps with these empty).
  kind: z.enum(['service', 'task']),
  /** While the step waits for its time: when it will run. */
  scheduledFor: z.string().nullable(),
  owner: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  completedBy: z.string().nullable(),
  note: z.string().nullable(),
  blocking: z.boolean(),
  description: z.string().nullable(),
  /** Why its undo failed, when status is compensation_failed. */
  compensationFailure: z.string().nullable(),
  /** The assistant's diagnosis while the step needs a person: summary, cause, suggested fix, confidence. */
  diagnosis: diagnosisSchema.nullable(),
  /** A learning path under approval: who decides, the draft number, every draft and the feedback behind it. */
  approval: approvalStateSchema.nullable(),
  /** While `waiting` for its service (paused, or its breaker open): why, as "Slack paused: outage". */
  waitingReason: z.string().nullable(),
});
export type StepView = z.infer<typeof stepViewSchema>;

/** An event as the API shows it is the workflow's own event. */
export const eventViewSchema = onboardingEventSchema;
export type EventView = z.infer<typeof eventViewSchema>;

export const detailSchema = z.object({
  id: z.string(),
  runId: z.string(),
  status: onboardingStatusSchema,
  input: newHireFieldsSchema,
  currentStep: planStepKeySchema.nullable(),
  /** The plan the onboarding follows (`standard` for runs from before plans). */
  plan: z.object({ id: z.string(), name: z.string() }),
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
  /** Runs before this one under the same ID (after a "Start again"), newest first. */
  earlierRuns: z.array(
    z.object({ runId: z.string(), status: onboardingStatusSchema, startedAt: z.string(), closedAt: z.string().nullable() }),
  ),
});
export type Detail = z.infer<typeof detailSchema>;

export const startResponseSchema = z.object({
  id: z.string(),
  runId: z.string(),
  status: z.literal('running'),
});
export type StartResponse = z.infer<typeof startResponseSchema>;
export const acceptedResponseSchema = z.object({ accepted: z.literal(true) });
export type AcceptedResponse = z.infer<typeof acceptedResponseSchema>;
export const cancelResponseSchema = z.object({ status: z.literal('cancelling') });
export type CancelResponse = z.infer<typeof cancelResponseSchema>;
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

export const eraseResponseSchema = z.object({ id: z.string(), erased: z.literal(true) });
export type EraseResponse = z.infer<typeof eraseResponseSchema>;

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

/** The envelope with only the codes that one status of one route can carry (for the OpenAPI document). */
export function errorEnvelopeFor(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return z.object({ error: errorEnvelopeSchema.shape.error.extend({ code: z.enum(codes) }) });
}

// ----- people (/api/users, /admin/users) -----

export { PERSON_ROLES, MIN_PASSWORD_LENGTH, type PersonRole } from './people';
export const personRoleSchema = z.enum(PERSON_ROLES, { error: 'Choose hr-admin or viewer' });
/** The same address rule as a hire's (and the same pattern in the OpenAPI document). */
const personEmailSchema = emailAddressSchema;

export const personSchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  role: personRoleSchema,
  active: z.boolean(),
  /** False until the person has used their set-password link. */
  passwordSet: z.boolean(),
  /** A set-password link is out and still valid. */
  linkPending: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;

export const peopleResponseSchema = z.object({ users: z.array(personSchema) });
export type PeopleResponse = z.infer<typeof peopleResponseSchema>;

export const newPersonSchema = z.strictObject({
  email: personEmailSchema,
  // The pattern tells the OpenAPI document what the trim means: some character that is not white space.
  name: z.string().regex(/\S/, { error: 'Enter a name, or leave it out' }).trim().max(120).optional(),
  role: personRoleSchema,
});
export type NewPerson = z.infer<typeof newPersonSchema>;

export const personChangeSchema = z
  .strictObject({
    role: personRoleSchema.optional(),
    active: z.boolean().optional(),
    /** Issues a new one-time set-password link (shown once in the answer). */
    resetPassword: z.literal(true).optional(),
  })
  .refine((change) => change.role !== undefined || change.active !== undefined || change.resetPassword !== undefined, {
    error: 'Give role, active or resetPassword',
  })
  .meta({ minProperties: 1 });
export type PersonChange = z.infer<typeof personChangeSchema>;

/** A person, and when one was just issued, their one-time set-password link: shown once, never stored. */
export const personResponseSchema = z.object({
  user: personSchema,
  setPasswordUrl: z.url().optional(),
  linkExpiresAt: z.iso.datetime().optional(),
});
export type PersonResponse = z.infer<typeof personResponseSchema>;

export const setPasswordRequestSchema = z.strictObject({
  token: z.string().min(1, { error: 'The link is incomplete' }).max(200),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(1024, { error: 'Use at most 1024 characters' }),
});
export const setPasswordResponseSchema = z.object({ email: z.string() });

// ----- sandbox -----

// Plain values in a zod-free module, so the sandbox page can import them without zod.
export {
  FAULT_KINDS,
  SANDBOX_SERVICES,
  SEED_FAILURE_RATES,
  SEED_FAULTS,
  SEED_FAULTS_SUMMARY,
  type FaultKind,
  type SandboxService,
} from './sandbox-services';
export const sandboxServiceSchema = z.enum(SANDBOX_SERVICES);
export const faultKindSchema = z.enum(FAULT_KINDS);

export const faultSettingsSchema = z.object({
  failNext: z.number().int().min(0).max(1000),
  failRate: z.number().min(0).max(1),
  latencyMs: z.number().int().min(0).max(120_000),
  permanent: z.boolean(),
  /** How a transient failure answers (503, 504 or 500); faults saved before kinds existed are outages. */
  kind: faultKindSchema.default('unavailable'),
  /** The fault strikes after the work: the delivery is recorded, then the answer is held back (latency) and lost (503/422). */
  after: z.boolean().default(false),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const faultRequestSchema = z.strictObject({
  service: sandboxServiceSchema,
  failNext: faultSettingsSchema.shape.failNext.optional(),
  failRate: faultSettingsSchema.shape.failRate.optional(),
  latencyMs: faultSettingsSchema.shape.latencyMs.optional(),
  permanent: faultSettingsSchema.shape.permanent.optional(),
  kind: faultKindSchema.optional(),
  after: z.boolean().optional(),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/** One delivery: its key, its time, and the service's own fields beside them (to, subject, channel, text, employeeId, status...). */
export const deliverySchema = z.looseObject({
  id: z.string(),
  idempotencyKey: z.string().nullable(),
  at: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** Per service: `calls` counts requests received, `replays` those answered from an idempotency record. */
export const sandboxCountersSchema = z.record(sandboxServiceSchema, z.number().int().min(0));

export const sandboxStateSchema = z.object({
  faults: z.record(sandboxServiceSchema, faultSettingsSchema),
  calls: sandboxCountersSchema,
  replays: sandboxCountersSchema,
  deliveries: z.record(sandboxServiceSchema, z.array(deliverySchema)),
});
export type SandboxState = z.infer<typeof sandboxStateSchema>;

// ----- plans (GET /api/plans) -----

export const planListResponseSchema = z.object({ items: z.array(planSchema) });
export type PlanListResponse = z.infer<typeof planListResponseSchema>;

// ----- people's links (GET and POST /api/act/:token) -----

export const linkViewSchema = z.object({
  hireName: z.string(),
  step: z.object({
    key: z.string(),
    label: z.string(),
    kind: z.enum(['service', 'task']),
    description: z.string().nullable(),
    owner: z.string().nullable(),
    dueAt: z.string().nullable(),
    status: stepStatusSchema,
  }),
  expiresAt: z.string(),
  /** For an approval: the draft to approve (its number, of at most `maxRounds` before HR decides). */
  draft: z
    .object({ round: z.number().int().positive(), maxRounds: z.number().int().positive(), modules: z.array(learningModuleSchema) })
    .nullable(),
});
export type LinkView = z.infer<typeof linkViewSchema>;

export const actDecisionSchema = z.strictObject({
  decision: z.enum(['done', 'approve', 'request_changes'], { error: 'decision is done, approve or request_changes' }),
  feedback: z.string().trim().max(2000, { error: 'Feedback has at most 2,000 characters' }).optional(),
});
export type ActDecision = z.infer<typeof actDecisionSchema>;

/** HR's decision on a learning-path draft from the dashboard (the same body as a link's, without `done`). */
export const approvalDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), feedback: actDecisionSchema.shape.feedback }),
  z.strictObject({
    decision: z.literal('request_changes'),
    /** What to change, in plain words: it goes to the LLM with the draft. */
    feedback: z
      .string({ error: 'Say what to change, for example “add security basics”' })
      .trim()
      .min(1, { error: 'Say what to change, for example “add security basics”' })
      .max(2000, { error: 'Feedback has at most 2,000 characters' })
      .meta({ pattern: '\\S' }),
  }),
]);
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;
export const FAULT_PRESETS = ['seed', 'none'] as const;
export const faultPresetRequestSchema = z.strictObject({
  preset: z.enum(FAULT_PRESETS, { error: 'Use "seed" (the seed\'s failures) or "none"' }),
});
export type FaultPreset = (typeof FAULT_PRESETS)[number];

// ----- the simulated services (called by the worker's integrations, as the real ones would be) -----

export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;
export const idempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z.string().max(MAX_IDEMPOTENCY_KEY_LENGTH).optional(),
});

export const emailRequestSchema = z.object({
  to: emailAddressSchema,
  subject: z.string().min(1).max(300),
  text: z.string().max(20_000),
});
export const emailResponseSchema = z.object({ id: z.string() });

export const crmRequestSchema = z.looseObject({
  status: z.string().min(1).max(40),
  fullName: z.string().max(120).optional(),
  email: z.string().max(254).optional(),
  role: z.string().max(80).optional(),
});
export const crmResponseSchema = z.object({ employeeId: z.string(), status: z.string() });

export const slackRequestSchema = z.object({
  channel: z.string().min(1).max(81),
  text: z.string().min(1).max(40_000),
});
/** Slack-shaped: `ok: false` with `channel_not_found` for an unknown channel, still a 200. */
export const slackResponseSchema = z.union([
  z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Slack-shaped `conversations.list`: every channel in one page (the sandbox has few). */
export const slackChannelListSchema = z.object({
  ok: z.literal(true),
  channels: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z
    .array(z.looseObject({ role: z.string(), content: z.unknown().optional() }))
    .min(1)
    .max(50)
    // The simulated model needs the role (server/sandbox/learning-paths.ts reads it): without it, a 400.
    .meta({
      description: 'One `user` message has a line `Role: <role>`.',
      contains: {
        type: 'object',
        properties: { role: { const: 'user' }, content: { type: 'string', pattern: '(?:^|\\n)[ \\t]*Role:[ \\t]*[^\\s]' } },
        required: ['role', 'content'],
      },
    }),
});
export const chatResponseSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  model: z.string(),
  choices: z.array(z.looseObject({ index: z.number(), message: z.object({ role: z.literal('assistant'), content: z.string() }) })),
});

/** What a simulated service answers when it fails: its own error codes (`simulated_outage`, `recipient_rejected`...). */
export const serviceErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.array(z.string())).optional() }),
});

// ----- the route table -----

/** Who may call a route (server/auth/policy.ts decides it; the conformance test checks the two agree). */
export type Access = 'public' | 'read' | 'change' | 'sandbox-service' | 'link';
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteAnswer {
  description: string;
  /** The body; none for an answer without one (304 Not Modified). */
  schema?: z.ZodType;
  /** The body's media type when it is not JSON (the Prometheus text of /api/metrics). */
  contentType?: string;
  /** Response headers, with what each says. */
  headers?: Record<string, string>;
}

export interface ApiRoute {
  method: RouteMethod;
  /** The OpenAPI path: `{name}` for a path parameter. */
  path: string;
  summary: string;
  description?: string;
  sandbox?: true;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** A JSON body; it brings invalid_input, payload_too_large and unsupported_media_type with it. */
  body?: z.ZodType;
  /** The body as the document states it on a given day, when it holds a window relative to today. */
  documentedBody?: (day: Date) => z.ZodType;
  /** A body that is not JSON (the CSV of an import): its media type and what it holds. */
  rawBody?: { contentType: string; description: string };
  /** The largest body accepted, when not the usual 16 KiB. */
  maxBodyBytes?: number;
  /** Answers that are not the error envelope, by status: successes, the health check's 503, the services' own failures. */
  answers: Record<number, RouteAnswer>;
  /** Error codes (statuses from contract/error-codes.ts) beyond those the access and the body bring. */
  errors: Partial<Record<ErrorCode, string>>;
}

const idParams = z.object({ id: onboardingIdSchema });
const stepParams = z.object({ id: onboardingIdSchema, key: planStepKeySchema });
/** Retry now applies to the service steps only. */
const serviceStepParams = z.object({ id: onboardingIdSchema, key: stepKeySchema });
const tokenParams = z.object({ token: z.string().max(2000) });
const exportQuerySchema = listQuerySchema.omit({ pageSize: true, cursor: true });
const batchHeadersSchema = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().meta({ description: 'Sending the same key again returns the same batch' }),
});
const temporalDown = 'Temporal cannot be reached (`Retry-After` says when to try again); nothing was changed';
const sandboxOff = { sandbox_disabled: 'the simulated services are turned off (SANDBOX=off)' };
const serviceFailures = {
  422: {
    description: '`simulated_outage` (a permanent fault) or the service rejects the input (`recipient_rejected`, `mailbox_unavailable`)',
    schema: serviceErrorSchema,
  },
  500: { description: '`simulated_error`: a transient fault of kind `error`', schema: serviceErrorSchema },
  503: { description: '`simulated_outage`: a transient fault of kind `unavailable`', schema: serviceErrorSchema },
  504: { description: '`simulated_timeout`: a transient fault of kind `timeout`', schema: serviceErrorSchema },
};
const faults = sandboxStateSchema.shape.faults;

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/api/onboardings',
    summary: 'Start the onboarding of a new hire',
    access: 'change',
    body: newHireFieldsSchema,
    answers: {
      201: { description: 'Started', schema: startResponseSchema, headers: { Location: 'The new onboarding’s URL' } },
    },
    errors: {
      already_exists: 'an onboarding for this employee ID exists (its `id` is in the error)',
      temporal_unavailable: temporalDown,
    },
  },
  {
    method: 'GET',
    path: '/api/onboardings',
    summary: 'List onboardings, newest first',
    description:
      '`q` matches an employee ID prefix or whole words of the name (case- and accent-insensitive). `cursor` is the `nextCursor` of the previous page, valid with the same filters; any other cursor is a 400.',
    access: 'read',
    query: listQuerySchema,
    answers: { 200: { description: 'A page of onboardings', schema: listResponseSchema } },
    errors: { invalid_input: 'a query parameter is not valid, or the cursor is not from this list (see `fields`)', temporal_unavailable: temporalDown },
  },
  {
    method: 'GET',
    path: '/api/onboardings/counts',
    summary: 'How many onboardings are in each status and need action',
    description:
      'The numbers the list page shows above the table, counted by Temporal (no rows are read). Each process keeps the answer for up to 2 s, so many open dashboards cost the visibility store one round of counts.',
    access: 'read',
    answers: { 200: { description: 'The counts', schema: countsResponseSchema } },
    errors: { temporal_unavailable: temporalDown },
  },
  {
    method: 'GET',
    path: '/api/onboardings/{id}',
    summary: 'One onboarding with its steps and events',
    description:
      'Answered with an `ETag` and `Cache-Control: private, no-cache`; a request whose `If-None-Match` names the current tag gets `304 Not Modified` with no body (a browser does this by itself when polling).',
    access: 'read',
    params: idParams,
    headers: z.object({ 'If-None-Match': z.string().max(1000).optional().meta({ description: 'The `ETag` of the copy the caller has' }) }),
    answers: {
      200: {
        description: 'The onboarding',
        schema: detailSchema,
        headers: { ETag: 'A tag of this answer, for `If-None-Match`', 'Cache-Control': '`private, no-cache`: keep it for this user, ask again before using it' },
      },
      304: {
        description: 'Not modified: `If-None-Match` names the current tag (or is `*`), so the copy the caller has is current; no body',
        headers: { ETag: 'The current tag', 'Cache-Control': '`private, no-cache`' },
      },
    },
    errors: { not_found: 'no onboarding with this ID', temporal_unavailable: temporalDown },
  },
  {
    method: 'DELETE',
    path: '/api/onboardings/{id}',
    summary: 'Erase a finished onboarding’s personal data (HR admins)',
    description:
      'Deletes the Temporal execution and the sandbox deliveries of a completed, cancelled or failed onboarding, and writes an audit line (who, when, which ID).',
    access: 'change',
    params: idParams,
    answers: { 200: { description: 'Erased', schema: eraseResponseSchema } },
    errors: { not_found: 'no onboarding with this ID', not_finished: 'the onboarding is still running', temporal_unavailable: temporalDown },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/retry',
    summary: 'Run a failed step again, optionally with corrected input',
    access: 'change',
    params: idParams,
    body: retryRequestSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID',
      not_retryable: 'nothing is waiting for a retry, it is another step, or that field cannot be changed for this step',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/approvals/{key}',
    summary: 'Approve a learning-path draft, or request changes with feedback (HR admins)',
    description:
      'The same decision the approver makes through their link. `request_changes` needs `feedback`; it goes to the LLM with the draft, which writes the next one. After the approver’s third draft HR decides.',
    access: 'change',
    params: z.object({ id: onboardingIdSchema, key: planStepKeySchema }),
    body: approvalDecisionSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      invalid_input: 'the body is not valid (request_changes without feedback)',
      not_found: 'no onboarding with this ID',
      not_open: 'no draft of this step waits for a decision',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/skip',
    summary: 'Skip a failed step and go on',
    access: 'change',
    params: idParams,
    body: skipRequestSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID',
      not_skippable: 'nothing is waiting to be skipped, or it is another step',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/cancel',
    summary: 'Cancel the onboarding and undo what was done (no body needed)',
    access: 'change',
    params: idParams,
    answers: { 202: { description: 'Cancelling', schema: cancelResponseSchema } },
    errors: { not_found: 'no onboarding with this ID', already_closed: 'the onboarding is already finished', temporal_unavailable: temporalDown },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/steps/{key}/retry-now',
    summary: 'Start the next attempt of a step that is waiting between automatic attempts, now (no body needed)',
    description: 'The step’s retry budget is unchanged; the attempt starts within 2 s.',
    access: 'change',
    params: serviceStepParams,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID, or it has no such step',
      not_retrying: 'the step is not waiting for its next automatic attempt',
      temporal_unavailable: temporalDown,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/steps/{key}/run-now',
    summary: 'Run a scheduled step at once instead of at its time (no body needed)',
    access: 'change',
    params: stepParams,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID, or it has no such step',
      not_scheduled: 'the step is not waiting for its time',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/reschedule',
    summary: 'Move the start date: every step not yet done moves with it, and the hire is told if they had been given a date',
    access: 'change',
    params: idParams,
    body: rescheduleRequestSchema,
    documentedBody: documentedRescheduleSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID',
      already_closed: 'the onboarding is already finished',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/tasks/{key}/complete',
    summary: 'Close an open task for its owner, with an optional note (HR admins)',
    access: 'change',
    params: stepParams,
    body: completeTaskRequestSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'no onboarding with this ID, or it has no such step',
      not_open: 'the task is not open (not yet due to start, already done, or not a task)',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'GET',
    path: '/api/onboardings/export.csv',
    summary: 'The list with the same filters, as a CSV file (at most 10,000 rows)',
    description: 'Cells that start with `=`, `+`, `-` or `@` are prefixed with `\'` so a spreadsheet shows them as text.',
    access: 'read',
    query: exportQuerySchema,
    answers: { 200: { description: 'UTF-8 CSV, one header row', schema: z.string(), contentType: 'text/csv; charset=utf-8' } },
    errors: { temporal_unavailable: temporalDown },
  },
  {
    method: 'POST',
    path: '/api/batches',
    summary: 'Apply one decision to many onboardings, or start many (a batch, run by Temporal)',
    description:
      'Name the onboardings by `ids` or by the list’s `filter`; `start` takes `hires`. The batch runs server-side with bounded concurrency; follow it at `GET /api/batches/{id}`. The same `Idempotency-Key` returns the same batch.',
    access: 'change',
    headers: batchHeadersSchema,
    body: batchRequestSchema,
    documentedBody: documentedBatchRequestSchema,
    maxBodyBytes: 1024 * 1024,
    answers: { 202: { description: 'Started', schema: batchStartedSchema, headers: { Location: 'The batch’s URL' } } },
    errors: { temporal_unavailable: temporalDown },
  },
  {
    method: 'GET',
    path: '/api/batches/{id}',
    summary: 'A batch’s progress and each onboarding’s outcome',
    access: 'read',
    params: z.object({ id: z.string().regex(new RegExp(`^${BATCH_ID_PREFIX}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)) }),
    answers: { 200: { description: 'The batch', schema: batchViewSchema } },
    errors: { not_found: 'no batch with this ID', temporal_unavailable: temporalDown },
  },
  {
    method: 'POST',
    path: '/api/imports',
    summary: 'Preview a CSV of new hires: each row’s problems and duplicates (nothing is started)',
    description:
      'A header row with the new-hire field names, UTF-8 with or without BOM, `,` or `;` separated, at most 1,000 rows. Start the valid rows with `POST /api/batches` and action `start`.',
    access: 'change',
    rawBody: { contentType: 'text/csv', description: 'The CSV file' },
    maxBodyBytes: 1024 * 1024,
    answers: { 200: { description: 'One entry per data row', schema: importPreviewSchema } },
    errors: {
      invalid_input: 'the file is not UTF-8, has no header row or an unknown column, or has more than 1,000 rows (see `fields.file`)',
      temporal_unavailable: temporalDown,
    },
  },
  {
    method: 'GET',
    path: '/api/imports/template.csv',
    summary: 'An empty import file with the header row and one example row',
    access: 'read',
    answers: { 200: { description: 'UTF-8 CSV', schema: z.string(), contentType: 'text/csv; charset=utf-8' } },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/act/{token}',
    summary: 'What a person’s link is for: the hire, the step and, for an approval, the draft (no account needed)',
    description: 'The signed token is the credential: bound to one onboarding run, one step and one owner, expiring after LINK_TTL, usable once.',
    access: 'link',
    params: tokenParams,
    answers: { 200: { description: 'The link’s step', schema: linkViewSchema } },
    errors: {
      not_found: 'the link is forged, or its onboarding is gone',
      link_used: 'the link was already used',
      link_expired: 'the link has expired',
      temporal_unavailable: temporalDown,
    },
  },
  {
    method: 'POST',
    path: '/api/act/{token}',
    summary: 'The link owner’s answer: `done` for a task, `approve` or `request_changes` (with `feedback`) for an approval',
    access: 'link',
    params: tokenParams,
    body: actDecisionSchema,
    answers: { 200: { description: 'Accepted', schema: acceptedResponseSchema } },
    errors: {
      not_found: 'the link is forged, or its onboarding is gone',
      invalid_input: 'the body is not valid, or the decision does not fit the link (`done` on an approval, `approve` on a task, `request_changes` without `feedback`)',
      not_open: 'the step is not open for this answer',
      link_used: 'the link was already used',
      link_expired: 'the link has expired',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'GET',
    path: '/api/users',
    summary: 'Everyone who may sign in with a password (HR admins)',
    access: 'change',
    answers: { 200: { description: 'The people', schema: peopleResponseSchema } },
    errors: {},
  },
  {
    method: 'POST',
    path: '/api/users',
    summary: 'Add a person; the answer carries their one-time set-password link, shown this once (HR admins)',
    access: 'change',
    body: newPersonSchema,
    answers: { 201: { description: 'Added', schema: personResponseSchema, headers: { Location: 'The person’s URL' } } },
    errors: { already_exists: 'a person with this e-mail address exists' },
  },
  {
    method: 'PATCH',
    path: '/api/users/{email}',
    summary: 'Change a person’s role, deactivate or reactivate them, or issue a new set-password link (HR admins)',
    description: 'Any change ends the person’s sessions.',
    access: 'change',
    params: z.object({ email: z.string().max(254) }),
    body: personChangeSchema,
    answers: { 200: { description: 'Changed', schema: personResponseSchema } },
    errors: { not_found: 'no person with this e-mail address', last_admin: 'the change would leave no active HR admin' },
  },
  {
    method: 'POST',
    path: '/api/set-password',
    summary: 'Set a password with a one-time link from an HR admin (no account needed: the link is the credential)',
    access: 'public',
    body: setPasswordRequestSchema,
    answers: { 200: { description: 'Set; the person can sign in', schema: setPasswordResponseSchema } },
    errors: {
      not_found: 'the link is not valid or was already used',
      link_expired: 'the link has expired',
      rate_limited: 'too many passwords are being checked right now (`Retry-After`)',
    },
  },
  {
    method: 'GET',
    path: '/api/services',
    summary: "Each outside service's breaker: closed, open (after BREAKER_FAILURES failures) or paused by a person",
    access: 'read',
    answers: { 200: { description: 'email, llm, crm and slack, in that order', schema: serviceListSchema } },
    errors: { temporal_unavailable: temporalDown },
  },
  {
    method: 'POST',
    path: '/api/services/{service}/pause',
    summary: 'Pause a service: its steps wait (status `waiting`, attempts unused) until it is resumed (HR admins)',
    access: 'change',
    params: z.object({ service: serviceNameSchema }),
    body: pauseRequestSchema,
    answers: { 200: { description: 'The breaker, now paused', schema: serviceViewSchema } },
    errors: { not_found: 'no service of this name', temporal_unavailable: `${temporalDown}, or no worker answered` },
  },
  {
    method: 'POST',
    path: '/api/services/{service}/resume',
    summary: 'Resume a paused (or open) service: its waiting steps run within 2 s (HR admins; no body needed)',
    access: 'change',
    params: z.object({ service: serviceNameSchema }),
    answers: { 200: { description: 'The breaker, now closed', schema: serviceViewSchema } },
    errors: {
      not_found: 'no service of this name',
      not_paused: 'the service is neither paused nor open',
      temporal_unavailable: `${temporalDown}, or no worker answered`,
    },
  },
  {
    method: 'GET',
    path: '/api/plans',
    summary: 'The onboarding plans HR can choose from (read-only; edit the files in PLANS_DIR and restart)',
    access: 'read',
    answers: { 200: { description: 'Every plan, the default one first', schema: planListResponseSchema } },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/health',
    summary: 'Is the app up, and can it reach Temporal?',
    access: 'public',
    answers: {
      200: { description: 'Healthy', schema: healthResponseSchema },
      503: { description: 'Temporal is unreachable', schema: healthResponseSchema },
    },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/health/live',
    summary: 'Is this web process up? (liveness: no call to Temporal)',
    access: 'public',
    answers: { 200: { description: 'Up', schema: liveResponseSchema } },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/health/ready',
    summary: 'Can this instance serve onboardings? Temporal reachable and a worker polling the task queue',
    access: 'public',
    answers: {
      200: { description: 'Ready', schema: readyResponseSchema },
      503: { description: 'Temporal is unreachable or no worker polls the task queue (`temporal`, `worker` and `message` say which)', schema: readyResponseSchema },
    },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/metrics',
    summary: 'Prometheus metrics of this web instance',
    description:
      '`http_request_duration_seconds`, `onboardings_started_total`, `onboarding_decisions_total{action}` and process metrics. Step failures (`onboarding_step_failures_total{step,kind}`) are counted where they happen and served by each worker at `http://127.0.0.1:<WORKER_METRICS_PORT>/metrics`.',
    access: 'read',
    answers: { 200: { description: 'Prometheus text exposition format 0.0.4', schema: z.string(), contentType: 'text/plain; version=0.0.4' } },
    errors: {},
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document',
    access: 'read',
    answers: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
    errors: {},
  },
  {
    method: 'POST',
    path: '/api/sandbox/email/send',
    sandbox: true,
    summary: 'Simulated email service',
    description:
      'Addresses in the `.invalid` domain bounce with 422 `recipient_rejected`; the misspelt domains `exmaple.com`, `gmial.com` and `example.con` with 422 `mailbox_unavailable`.',
    access: 'sandbox-service',
    headers: idempotencyKeyHeaderSchema,
    body: emailRequestSchema,
    answers: { 200: { description: 'Sent', schema: emailResponseSchema }, ...serviceFailures },
    errors: sandboxOff,
  },
  {
    method: 'POST',
    path: '/api/sandbox/llm/v1/chat/completions',
    sandbox: true,
    summary: 'Simulated OpenAI-compatible chat completions answering a learning path',
    description:
      'The last user message names the role as `Role: <role>` (optionally `Role: <role> (<department>)`); without it the answer is a 400. The message content is `{"modules": [{title, durationHours, why}]}`. A revision: the last user message also has a line `Previous draft: {"modules": [...]}` and a line `Feedback: ...`, whose "add <topic>" / "remove <topic>" are applied to the draft (a draft that does not parse is a 400). A diagnosis (a system message opening "You diagnose a failed onboarding step.") is answered with "no safe fix" (docs/assistant.md). `usage` has rough token counts.',
    access: 'sandbox-service',
    headers: idempotencyKeyHeaderSchema,
    body: chatRequestSchema,
    answers: { 200: { description: 'A chat completion', schema: chatResponseSchema }, ...serviceFailures },
    errors: sandboxOff,
  },
  {
    method: 'PUT',
    path: '/api/sandbox/crm/contacts/{employeeId}',
    sandbox: true,
    summary: 'Simulated CRM: set a contact status',
    access: 'sandbox-service',
    params: z.object({ employeeId: employeeIdSchema }),
    headers: idempotencyKeyHeaderSchema,
    body: crmRequestSchema,
    answers: { 200: { description: 'Updated', schema: crmResponseSchema }, ...serviceFailures },
    errors: { not_found: 'the path does not hold an employee ID', ...sandboxOff },
  },
  {
    method: 'POST',
    path: '/api/sandbox/slack/chat.postMessage',
    sandbox: true,
    summary: 'Simulated Slack (knows #onboarding-team, #general, #engineering, #hr-onboarding)',
    access: 'sandbox-service',
    headers: idempotencyKeyHeaderSchema,
    body: slackRequestSchema,
    answers: { 200: { description: 'Posted, or `ok: false` with `channel_not_found`', schema: slackResponseSchema }, ...serviceFailures },
    errors: sandboxOff,
  },
  {
    method: 'GET',
    path: '/api/sandbox/slack/conversations.list',
    sandbox: true,
    summary: "Simulated Slack: the workspace's channels (names without '#'), for the assistant's channel suggestions",
    access: 'sandbox-service',
    answers: { 200: { description: 'The channels', schema: slackChannelListSchema } },
    errors: sandboxOff,
  },
  {
    method: 'GET',
    path: '/api/sandbox/faults',
    sandbox: true,
    summary: 'The faults of every service',
    access: 'read',
    answers: { 200: { description: 'Faults', schema: faults } },
    errors: sandboxOff,
  },
  {
    method: 'PUT',
    path: '/api/sandbox/faults',
    sandbox: true,
    summary: "Change one service's faults (only the fields given)",
    access: 'change',
    body: faultRequestSchema,
    answers: { 200: { description: 'Faults', schema: faults } },
    errors: sandboxOff,
  },
  {
    method: 'POST',
    path: '/api/sandbox/faults/preset',
    sandbox: true,
    summary:
      "Apply a preset: `seed` (the seed's failures: email 20% outages, LLM 10% permanent, CRM 5% timeouts, Slack 15% runtime errors) or `none` (rates to 0, kinds back to outages)",
    access: 'change',
    body: faultPresetRequestSchema,
    answers: { 200: { description: 'Faults', schema: faults } },
    errors: sandboxOff,
  },
  {
    method: 'POST',
    path: '/api/sandbox/reset',
    sandbox: true,
    summary: 'Clear faults, deliveries and idempotency records (no body needed)',
    access: 'change',
    answers: { 200: { description: 'The empty state', schema: sandboxStateSchema } },
    errors: sandboxOff,
  },
  {
    method: 'GET',
    path: '/api/sandbox/state',
    sandbox: true,
    summary: 'Faults and deliveries of every service',
    access: 'read',
    answers: { 200: { description: 'State', schema: sandboxStateSchema } },
    errors: sandboxOff,
  },
];

const ACCESS_ERRORS: Record<Access, Partial<Record<ErrorCode, string>>> = {
  public: {},
  read: { unauthenticated: 'sign-in is on and the request has no valid session or API token' },
  change: {
    unauthenticated: 'sign-in is on and the request has no valid session or API token',
    forbidden: 'another site sent the request, or the caller’s role may only view',
  },
  'sandbox-service': { unauthenticated: 'sign-in is on and the request lacks `Authorization: Bearer <SANDBOX_API_KEY>`' },
  link: { forbidden: 'another site sent the request' },
};

/** Every error code a route can answer, with when: its own, and those its access, query and body bring. */
export function routeErrors(route: ApiRoute): Partial<Record<ErrorCode, string>> {
  return {
    ...ACCESS_ERRORS[route.access],
    ...(route.query ? { invalid_input: 'a query parameter is not valid (see `fields`)' } : {}),
    ...(route.body || route.headers
      ? { invalid_input: 'the body (or the Idempotency-Key header) is not valid (see `fields`)' }
      : {}),
    ...(route.body || route.rawBody
      ? {
          payload_too_large: `the body is over ${route.maxBodyBytes ? `${route.maxBodyBytes / 1024 / 1024} MiB` : '16 KiB'}`,
          unsupported_media_type: `the body is not sent as Content-Type: ${route.rawBody?.contentType ?? 'application/json'}`,
        }
      : {}),
    ...route.errors,
  };
}

const METHOD_ORDER: readonly RouteMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The methods a path serves, in one fixed order, for `Allow` headers. */
export function routeMethods(path: string): RouteMethod[] {
  const served = new Set(API_ROUTES.filter((route) => route.path === path).map((route) => route.method));
  return METHOD_ORDER.filter((method) => served.has(method));
}

/** The route-table path a request path belongs to (`/api/onboardings/x/retry` → `/api/onboardings/{id}/retry`). */
export function routePathOf(pathname: string): string | undefined {
  const segments = pathname.replace(/\/+$/, '').split('/');
  const isParameter = (part: string) => /^\{\w+\}$/.test(part);
  const matches = API_ROUTES.map(({ path }) => path).filter((path) => {
    const template = path.split('/');
    return template.length === segments.length && template.every((part, i) => isParameter(part) || part === segments[i]);
  });
  // As Next routes: a literal segment wins over a parameter (`/api/onboardings/export.csv` is not an `{id}`).
  const parameters = (path: string) => path.split('/').filter(isParameter).length;
  return matches.sort((a, b) => parameters(a) - parameters(b))[0];
}

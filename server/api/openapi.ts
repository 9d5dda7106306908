import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  acceptedResponseSchema,
  cancelResponseSchema,
  detailSchema,
  errorEnvelopeSchema,
  faultRequestSchema,
  healthResponseSchema,
  listResponseSchema,
  liveResponseSchema,
  readyResponseSchema,
  planListResponseSchema,
  sandboxStateSchema,
  startResponseSchema,
  stepViewSchema,
  summarySchema,
} from '@/contract/http';
import { eraseResponseSchema } from '@/server/privacy/erase';
import { newHireFieldsSchema, retryRequestSchema, skipRequestSchema } from '@/temporal/shared/schemas';
import { faultPresetRequestSchema, listQuerySchema } from './schemas';

/**
 * The OpenAPI 3.1 description of every route, generated from the very zod schemas the handlers parse
 * requests and responses with, so it cannot drift from the code.
 */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  // The registry names components through zod's `.openapi()`, which this adds (once, idempotently).
  extendZodWithOpenApi(z);
  const registry = new OpenAPIRegistry();
  const component = <T extends z.ZodType>(refId: string, schema: T): T => {
    // zod 4 gives each schema its methods when it is created, so schemas made before the line above
    // (all of ours) lack `.openapi`; a copy made from the same definition has it.
    const Copy = schema.constructor as new (def: T['_zod']['def']) => T;
    return registry.register(refId, new Copy(schema._zod.def));
  };
  const NewHire = component('NewHire', newHireFieldsSchema);
  component('Summary', summarySchema);
  component('Step', stepViewSchema);
  const Detail = component('Detail', detailSchema);
  const ListResponse = component('OnboardingList', listResponseSchema);
  const ErrorEnvelope = component('Error', errorEnvelopeSchema);
  const SandboxState = component('SandboxState', sandboxStateSchema);

  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const error = (description: string) => ({ description, ...json(ErrorEnvelope) });
  const idParams = z.object({ id: z.string().regex(/^onboarding-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/) });
  const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(512).optional() });
  const bodyErrors = {
    400: error('invalid_input: the body is not valid (see `fields`)'),
    413: error('payload_too_large: the body is over 16 KiB'),
    415: error('unsupported_media_type: send Content-Type: application/json'),
  };
  const sandboxOff = { 404: error('sandbox_disabled: SANDBOX=off') };

  registry.registerPath({
    method: 'post',
    path: '/api/onboardings',
    summary: 'Start the onboarding of a new hire',
    request: { body: { required: true, ...json(NewHire) } },
    responses: {
      201: { description: 'Started', headers: z.object({ Location: z.string() }), ...json(startResponseSchema) },
      ...bodyErrors,
      409: error('already_exists: an onboarding for this employee ID exists (its `id` is in the error)'),
      503: error('temporal_unavailable: nothing was started'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/onboardings',
    summary: 'List onboardings, newest first',
    description:
      '`q` matches an employee ID prefix or whole words of the name (case- and accent-insensitive). `cursor` is the `nextCursor` of the previous page, valid with the same filters.',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of onboardings', ...json(ListResponse) }, 400: error('invalid_input') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/onboardings/{id}',
    summary: 'One onboarding with its steps and events',
    request: { params: idParams },
    responses: { 200: { description: 'The onboarding', ...json(Detail) }, 404: error('not_found') },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/onboardings/{id}',
    summary: 'Erase a finished onboarding’s personal data (HR admins)',
    description:
      'Deletes the Temporal execution and the sandbox deliveries of a completed, cancelled or failed onboarding, and writes an audit line (who, when, which ID).',
    request: { params: idParams },
    responses: {
      200: { description: 'Erased', ...json(eraseResponseSchema) },
      404: error('not_found'),
      409: error('not_finished: the onboarding is still running'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/onboardings/{id}/retry',
    summary: 'Run a failed step again, optionally with corrected input',
    request: { params: idParams, body: { required: true, ...json(retryRequestSchema) } },
    responses: {
      200: { description: 'Accepted', ...json(acceptedResponseSchema) },
      ...bodyErrors,
      404: error('not_found'),
      409: error('not_retryable'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/onboardings/{id}/skip',
    summary: 'Skip a failed step and go on',
    request: { params: idParams, body: { required: true, ...json(skipRequestSchema) } },
    responses: {
      200: { description: 'Accepted', ...json(acceptedResponseSchema) },
      ...bodyErrors,
      404: error('not_found'),
      409: error('not_skippable'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/onboardings/{id}/cancel',
    summary: 'Cancel the onboarding and undo what was done',
    request: { params: idParams },
    responses: {
      202: { description: 'Cancelling', ...json(cancelResponseSchema) },
      404: error('not_found'),
      409: error('already_closed'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/plans',
    summary: 'The onboarding plans HR can choose from (read-only; edit the files in PLANS_DIR and restart)',
    responses: { 200: { description: 'Every plan, the default one first', ...json(component('PlanList', planListResponseSchema)) } },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Is the app up, and can it reach Temporal?',
    responses: {
      200: { description: 'Healthy', ...json(healthResponseSchema) },
      503: { description: 'Temporal is unreachable', ...json(healthResponseSchema) },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health/live',
    summary: 'Is the web process up? (liveness: no call to Temporal)',
    responses: { 200: { description: 'Up', ...json(liveResponseSchema) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health/ready',
    summary: 'Can this instance serve onboardings? Temporal reachable and a worker polling the task queue',
    responses: {
      200: { description: 'Ready', ...json(readyResponseSchema) },
      503: { description: 'Temporal is unreachable or no worker polls the task queue (the body says which)', ...json(readyResponseSchema) },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/metrics',
    summary: 'Prometheus metrics of this web instance (the worker serves its own and the step failures at WORKER_METRICS_PORT)',
    responses: {
      200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
      401: error('unauthenticated: sign-in is on and no session or API token was sent'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
  });

  // ----- sandbox: the simulated outside world -----
  const simulatedOutage = {
    422: error('simulated_outage (permanent fault) or the service rejected the input'),
    503: error('simulated_outage (transient fault)'),
  };
  registry.registerPath({
    method: 'post',
    path: '/api/sandbox/email/send',
    tags: ['sandbox'],
    summary: 'Simulated email service',
    description: 'Addresses in the `.invalid` domain bounce with 422.',
    request: {
      headers: idempotencyHeader,
      body: { required: true, ...json(z.object({ to: z.email(), subject: z.string(), text: z.string() })) },
    },
    responses: { 200: { description: 'Sent', ...json(z.object({ id: z.string() })) }, ...bodyErrors, ...simulatedOutage, ...sandboxOff },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sandbox/llm/v1/chat/completions',
    tags: ['sandbox'],
    summary: 'Simulated OpenAI-compatible chat completions answering a learning path',
    description: 'The last user message names the role as `Role: <role>` (optionally `Role: <role> (<department>)`).',
    request: {
      headers: idempotencyHeader,
      body: {
        required: true,
        ...json(z.object({ model: z.string(), messages: z.array(z.object({ role: z.string(), content: z.string() })) })),
      },
    },
    responses: {
      200: {
        description: 'A chat completion whose message content is `{"modules": [{title, durationHours, why}]}`',
        ...json(
          z.object({
            id: z.string(),
            object: z.literal('chat.completion'),
            model: z.string(),
            choices: z.array(z.object({ index: z.number(), message: z.object({ role: z.literal('assistant'), content: z.string() }) })),
          }),
        ),
      },
      ...bodyErrors,
      ...simulatedOutage,
      ...sandboxOff,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/sandbox/crm/contacts/{employeeId}',
    tags: ['sandbox'],
    summary: 'Simulated CRM: set a contact status',
    request: {
      params: z.object({ employeeId: z.string() }),
      headers: idempotencyHeader,
      body: { required: true, ...json(z.looseObject({ status: z.string() })) },
    },
    responses: {
      200: { description: 'Updated', ...json(z.object({ employeeId: z.string(), status: z.string() })) },
      ...bodyErrors,
      ...simulatedOutage,
      ...sandboxOff,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sandbox/slack/chat.postMessage',
    tags: ['sandbox'],
    summary: 'Simulated Slack (knows #onboarding-team, #general, #engineering)',
    request: { headers: idempotencyHeader, body: { required: true, ...json(z.object({ channel: z.string(), text: z.string() })) } },
    responses: {
      200: {
        description: 'Slack-shaped: `ok: false` with `channel_not_found` for an unknown channel',
        ...json(
          z.union([
            z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() }),
            z.object({ ok: z.literal(false), error: z.string() }),
          ]),
        ),
      },
      ...bodyErrors,
      ...simulatedOutage,
      ...sandboxOff,
    },
  });
  const faults = sandboxStateSchema.shape.faults;
  registry.registerPath({
    method: 'get',
    path: '/api/sandbox/faults',
    tags: ['sandbox'],
    summary: 'The faults of every service',
    responses: { 200: { description: 'Faults', ...json(faults) }, ...sandboxOff },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/sandbox/faults',
    tags: ['sandbox'],
    summary: "Change one service's faults (only the fields given)",
    request: { body: { required: true, ...json(faultRequestSchema) } },
    responses: { 200: { description: 'Faults', ...json(faults) }, ...bodyErrors, ...sandboxOff },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sandbox/faults/preset',
    tags: ['sandbox'],
    summary: "Apply a preset: `seed` (the seed's failure rates: email 20%, LLM 10%, CRM 5%, Slack 15%) or `none`",
    request: { body: { required: true, ...json(faultPresetRequestSchema) } },
    responses: { 200: { description: 'Faults', ...json(faults) }, ...bodyErrors, ...sandboxOff },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/sandbox/reset',
    tags: ['sandbox'],
    summary: 'Clear faults, deliveries and idempotency records',
    responses: { 200: { description: 'The empty state', ...json(SandboxState) }, ...sandboxOff },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/sandbox/state',
    tags: ['sandbox'],
    summary: 'Faults and deliveries of every service',
    responses: { 200: { description: 'State', ...json(SandboxState) }, ...sandboxOff },
  });


  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Onboarding Dashboard API',
      version: '1.0.0',
      description:
        'Start and follow employee onboardings run by Temporal. Every error uses one envelope: `{"error": {"code", "message", "fields"?}}`; any path answers 405 `method_not_allowed` for a method it does not accept.',
    },
    servers: [{ url: '/' }],
  });
}

import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  API_ROUTES,
  detailSchema,
  documentedNewHireSchema,
  errorEnvelopeFor,
  errorEnvelopeSchema,
  listResponseSchema,
  newHireFieldsSchema,
  planListResponseSchema,
  routeErrors,
  sandboxStateSchema,
  statusOf,
  stepViewSchema,
  summarySchema,
  type ApiRoute,
  type ErrorCode,
} from '@/contract/http';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * The OpenAPI 3.1 description of every route, generated from the route table in contract/http.ts, whose
 * schemas the handlers parse their requests and responses with, so it cannot drift from the code.
 * `now` fixes the start date's window, which the document states as dates.
 */
export function buildOpenApiDocument(now: Date = new Date()): OpenApiDocument {
  // The registry names components through zod's `.openapi()`, which this adds (once, idempotently).
  extendZodWithOpenApi(z);
  const registry = new OpenAPIRegistry();
  /** Component copies of the contract's schemas, used wherever a route answers or takes the original. */
  const components = new Map<z.ZodType, z.ZodType>();
  const component = (refId: string, original: z.ZodType, documented: z.ZodType = original) => {
    // zod 4 gives each schema its methods when it is created, so schemas made before the line above
    // (all of ours) lack `.openapi`; a copy made from the same definition has it.
    const Copy = documented.constructor as new (def: z.ZodType['_zod']['def']) => z.ZodType;
    components.set(original, registry.register(refId, new Copy(documented._zod.def)));
  };
  component('NewHire', newHireFieldsSchema, documentedNewHireSchema(now));
  component('Summary', summarySchema);
  component('Step', stepViewSchema);
  component('Detail', detailSchema);
  component('OnboardingList', listResponseSchema);
  component('Error', errorEnvelopeSchema);
  component('SandboxState', sandboxStateSchema);
  component('PlanList', planListResponseSchema);
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: components.get(schema) ?? schema } } });

  for (const route of API_ROUTES) {
    registry.registerPath({
      method: route.method.toLowerCase() as Lowercase<ApiRoute['method']>,
      path: route.path,
      summary: route.summary,
      description: route.description,
      tags: route.sandbox ? ['sandbox'] : undefined,
      request: {
        params: route.params,
        query: route.query,
        headers: route.headers,
        body: requestBody(route, now, json),
      },
      responses: responsesOf(route, json),
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Onboarding Dashboard API',
      version: '1.0.0',
      description: [
        'Start and follow employee onboardings run by Temporal. Every error uses one envelope: `{"error": {"code", "message", "fields"?}}`, and each code has one status.',
        'Any method a path does not list here (TRACE included) is answered 405 `method_not_allowed` with an `Allow` header; OPTIONS answers 204 with `Allow`.',
        '401 and 403 for reading or changing apply while sign-in is on (AUTH_SECRET set); a change sent from another site is refused 403 always.',
      ].join(' '),
    },
    servers: [{ url: '/' }],
  });
}

/** A JSON body (as documented on `now` when it holds a window relative to today), or a raw one such as a CSV file. */
function requestBody(route: ApiRoute, now: Date, json: (schema: z.ZodType) => { content: ResponseConfig['content'] }): ZodRequestBody | undefined {
  if (route.rawBody) {
    return { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: z.string() } } };
  }
  if (!route.body) return undefined;
  return { required: true, content: json(route.documentedBody?.(now) ?? route.body).content ?? {} };
}

/** The route's answers, then its error codes grouped by their status (contract/error-codes.ts). */
function responsesOf(route: ApiRoute, json: (schema: z.ZodType) => { content: ResponseConfig['content'] }): Record<number, ResponseConfig> {
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    const headers = answer.headers
      ? z.object(Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, z.string().meta({ description })])))
      : undefined;
    const content = !answer.schema ? {} : answer.contentType ? { content: { [answer.contentType]: { schema: answer.schema } } } : json(answer.schema);
    responses[Number(status)] = { description: answer.description, headers, ...content };
  }
  const errors = routeErrors(route);
  const byStatus = new Map<number, [ErrorCode, ...ErrorCode[]]>();
  for (const code of Object.keys(errors) as ErrorCode[]) {
    const codes = byStatus.get(statusOf(code));
    if (codes) codes.push(code);
    else byStatus.set(statusOf(code), [code]);
  }
  for (const [status, codes] of byStatus) {
    if (responses[status]) throw new Error(`${route.method} ${route.path}: ${status} is both an answer and an error status`);
    responses[status] = {
      description: codes.map((code) => `\`${code}\`: ${errors[code]}`).join('; '),
      ...json(errorEnvelopeFor(codes)),
    };
  }
  return responses;
}

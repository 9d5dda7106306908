/**
 * The workflow's tracing interceptors (worker/workflow-source.ts builds them into every bundle), decided
 * once per run from the trace context its start carried, so a replay always takes the same path:
 *
 * - started in a trace nobody records (no OTLP endpoint: the web app's spans are unsampled, flag 00): the
 *   run records no spans either; it hands the same trace context on to its activities, child workflows
 *   and signals, and its log lines name the trace, so every process's logs still share one trace ID.
 *   OpenTelemetry's interceptors wrapped every activity in spans that went nowhere: about 11 ms of
 *   worker CPU per onboarding, a quarter of the worker's work (docs/performance.md).
 * - started in a recorded trace, or with no trace context at all (workflows that workers start), and
 *   every workflow but the onboarding: OpenTelemetry's interceptors, exactly as before.
 *
 * A run an older worker began (with OpenTelemetry's interceptors, whatever its trace) must keep them when
 * a newer worker replays it: their extra promises can order commands differently when two branches of a
 * plan resume in the same workflow task. So an onboarding forwards only when its first task ran this code,
 * which the `onboarding-patches-7` marker records (patches.ts; the workflow asks the same patch next, so
 * no run records a marker more).
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  patched,
  workflowInfo,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { WORKFLOW_TYPE } from '../shared/workflow-contract';
import { CURRENT_PATCHES } from './patches';

/** W3C traceparent: version, trace ID, parent span ID, flags (bit 0: sampled). */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/;

export interface ForwardedTrace {
  /** The start's trace header, handed on as it came. */
  header: Payload;
  traceId: string;
}

/** The trace a start's headers name when it is not recorded; undefined when it is, or when there is none. */
export function unrecordedTrace(headers: Record<string, Payload>): ForwardedTrace | undefined {
  const header = headers[TRACE_HEADER];
  if (!header) return undefined;
  let carrier: unknown;
  try {
    carrier = defaultPayloadConverter.fromPayload(header);
  } catch {
    return undefined;
  }
  const traceparent = typeof carrier === 'object' && carrier !== null ? (carrier as Record<string, unknown>).traceparent : undefined;
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!match?.[1] || !match[2]) return undefined;
  const sampled = (Number.parseInt(match[2], 16) & 1) === 1;
  return sampled ? undefined : { header, traceId: match[1] };
}

export const interceptors = (): WorkflowInterceptors => {
  /** Set by `execute`, the first call of every run (and of every replay), before any other below. */
  let forwarded: ForwardedTrace | undefined;
  let traced: { inbound: OpenTelemetryInboundInterceptor; outbound: OpenTelemetryOutboundInterceptor; internals: OpenTelemetryInternalsInterceptor } | undefined;

  const withTrace = <T extends { headers: Record<string, Payload> }>(input: T): T =>
    forwarded ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: forwarded.header } } : input;

  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      const unrecorded = workflowInfo().workflowType === WORKFLOW_TYPE ? unrecordedTrace(input.headers) : undefined;
      forwarded = unrecorded && patched(CURRENT_PATCHES) ? unrecorded : undefined;
      if (forwarded) return next(input);
      traced = {
        inbound: new OpenTelemetryInboundInterceptor(),
        outbound: new OpenTelemetryOutboundInterceptor(),
        internals: new OpenTelemetryInternalsInterceptor(),
      };
      return traced.inbound.execute(input, next);
    },
    handleSignal: (input, next) => (traced ? traced.inbound.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (traced ? traced.inbound.handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (traced ? traced.inbound.validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (traced ? traced.inbound.handleQuery(input, next) : next(input)),
  };

  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (traced ? traced.outbound.scheduleActivity(input, next) : next(withTrace(input))),
    scheduleLocalActivity: (input, next) => (traced ? traced.outbound.scheduleLocalActivity(input, next) : next(withTrace(input))),
    startNexusOperation: (input, next) => (traced ? traced.outbound.startNexusOperation(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (traced ? traced.outbound.startChildWorkflowExecution(input, next) : next(withTrace(input))),
    continueAsNew: (input, next) => (traced ? traced.outbound.continueAsNew(input, next) : next(withTrace(input))),
    signalWorkflow: (input, next) => (traced ? traced.outbound.signalWorkflow(input, next) : next(withTrace(input))),
    getLogAttributes: (input, next) => {
      if (traced) return traced.outbound.getLogAttributes(input, next);
      return next(forwarded ? { trace_id: forwarded.traceId, ...input } : input);
    },
  };

  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) => {
      // OpenTelemetry's dispose only switches its context manager off (synchronously, before its promise).
      if (traced) void traced.internals.dispose(input, next);
      else next(input);
    },
  };

  return { inbound: [inbound], outbound: [outbound], internals: [internals] };
};

/**
 * OpenTelemetry tracing for the web server and the worker (OTel JS SDK 1.x, which
 * `@temporalio/interceptors-opentelemetry` 1.24 is built on). Spans are recorded, and leave the
 * process as OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 * Without it nothing is recorded, but every span still has its trace ID, passed on to the workflow and
 * its activities, so every log line still names its trace.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  /** Whether spans leave the process. */
  exporting: boolean;
  resource: Resource;
  /** Where finished spans go: the OTLP exporter's batch, or nowhere. The worker hands it to the workflow span sink. */
  spanProcessor: SpanProcessor;
  tracer: Tracer;
  /** Sends what is still batched; call before the process exits. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `onboarding-web`, `onboarding-worker`: the `service.name` of every span. */
  serviceName: string;
  /** OTLP/HTTP base URL; unset: nothing exported. */
  endpoint?: string;
  /** Replaces the OTLP exporter (tests). */
  exporter?: SpanExporter;
}

const state = globalThis as typeof globalThis & { onboardingTracing?: Tracing };

export const TRACER_NAME = 'onboarding-dashboard';

export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Installs the context manager and W3C propagators, and the tracer provider process-wide when spans are
 * exported, once (later calls get the first setup, so Next's hot reload does not stack providers).
 */
export function setupTracing(options: TracingOptions): Tracing {
  if (state.onboardingTracing) return state.onboardingTracing;
  const exporter = options.exporter ?? (options.endpoint ? new OTLPTraceExporter({ url: otlpTracesUrl(options.endpoint) }) : undefined);
  const spanProcessor: SpanProcessor = exporter ? new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 }) : new NoopSpanProcessor();
  const resource = new Resource({ 'service.name': options.serviceName });
  // Recording a span nobody exports cost the web process 8% of its CPU (docs/performance.md). Unsampled
  // spans are not recorded, yet keep their trace and span IDs for the logs, and propagate (flag 00): the
  // workflow's tracer (which follows its parent) and the worker's then record nothing either.
  const sampler = exporter ? undefined : new AlwaysOffSampler();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor], ...(sampler ? { sampler } : {}) });
  // Registered for everyone only when spans leave the process: Next's server and Temporal's interceptors
  // find the provider through the API and add their spans to ours. With nothing exported they see
  // OpenTelemetry off and skip their spans (Next's took a request 1-1.5 ms of CPU, docs/performance.md);
  // our spans, from this provider's tracer, still get trace IDs, and the context manager and propagators
  // carry them to the log lines, to Temporal and to outgoing calls (a library's span under ours is then
  // the no-op API's, which keeps its parent's IDs).
  if (exporter) trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  state.onboardingTracing = {
    exporting: exporter !== undefined,
    resource,
    spanProcessor,
    tracer: provider.getTracer(TRACER_NAME),
    shutdown: () => provider.shutdown(),
  };
  return state.onboardingTracing;
}

/** The app's tracer (a no-op one until setupTracing ran). */
export function getTracer(): Tracer {
  return state.onboardingTracing?.tracer ?? trace.getTracer(TRACER_NAME);
}

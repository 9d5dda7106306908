/**
 * Tracing with no OTLP endpoint: nothing is recorded (recording spans nobody exports cost the web process
 * 8% of its CPU), yet every span still has a trace ID that its children, the log lines and the trace
 * context handed on to Temporal carry. (With an endpoint, tests/workflow/telemetry.test.ts follows one
 * recorded trace from the route to the outgoing HTTP call.)
 */
import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createLogger, replaceLogger } from '../../common/telemetry/logger';
import { setupTracing } from '../../common/telemetry/tracing';
import { withApi } from '../../server/api/handler';

function capturingLogger(lines: string[]) {
  return createLogger({
    service: 'web',
    format: 'json',
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
}

describe('tracing without an exporter', () => {
  const tracing = setupTracing({ serviceName: 'onboarding-test' });

  it('records no span, and hands the same trace ID to children, log lines and the trace context it passes on', () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);

    expect(tracing.exporting).toBe(false);
    const carrier: Record<string, string> = {};
    const { traceId, childTraceId, recording } = tracing.tracer.startActiveSpan('POST /api/onboardings', (request) => {
      const child = tracing.tracer.startSpan('start workflow');
      logger.info('starting an onboarding');
      propagation.inject(context.active(), carrier);
      const recording = [request.isRecording(), child.isRecording()];
      child.end();
      request.end();
      return { traceId: request.spanContext().traceId, childTraceId: child.spanContext().traceId, recording };
    });

    expect(recording).toEqual([false, false]);
    expect(trace.isSpanContextValid({ traceId, spanId: '0123456789abcdef', traceFlags: 0 })).toBe(true);
    expect(childTraceId).toBe(traceId);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'starting an onboarding', traceId });
    // Flag 00 (not sampled): the workflow's tracer, which follows its parent, records nothing either.
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
  });

  it("lets libraries see tracing as off, while a route continues its caller's trace in its log line", async () => {
    // Next's server and Temporal's interceptors ask the global provider: no-op, so they add no spans.
    expect(trace.getTracer('next.js').startSpan('BaseServer.handleRequest').spanContext().traceId).toBe('00000000000000000000000000000000');

    const lines: string[] = [];
    replaceLogger('web', capturingLogger(lines));
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    let activeTraceId: string | undefined;
    const route = withApi(() => {
      activeTraceId = trace.getActiveSpan()?.spanContext().traceId;
      return Response.json({ ok: true });
    });
    const response = await route(
      new Request('http://127.0.0.1:3000/api/sandbox/crm/contacts', {
        method: 'POST',
        headers: { traceparent: `00-${callerTraceId}-00f067aa0ba902b7-00`, 'x-request-id': 'trace-caller-1' },
      }),
      { params: Promise.resolve({}) },
    );

    expect(response.status).toBe(200);
    expect(activeTraceId).toBe(callerTraceId);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ requestId: 'trace-caller-1', traceId: callerTraceId, status: 200 });
  });
});

/**
 * The worker's telemetry, set up before anything creates the Temporal runtime: the SDK's and Core's
 * logs through our structured logger, SDK metrics (and our own step metrics, which activities record
 * through `metricMeter`) as Prometheus text at `http://127.0.0.1:<WORKER_METRICS_PORT>/metrics`, and
 * the OpenTelemetry interceptors that carry the web request's trace through workflow and activities.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { Runtime, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../common/telemetry/logger';
import type { Tracing } from '../common/telemetry/tracing';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The Temporal SDK's Logger interface over a pino logger. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger[PINO_LEVEL[level]]({ ...meta }, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

export function metricsBindAddress(port: number): string | undefined {
  return port === 0 ? undefined : `127.0.0.1:${port}`;
}

/**
 * Installs the Temporal runtime once. Core's own logs (connection, polling) come through at WARN and
 * above unless LOG_LEVEL asks for more.
 */
export function installRuntime(logger: Logger, metricsPort: number): void {
  const bindAddress = metricsBindAddress(metricsPort);
  const coreLevel: LogLevel = logger.level === 'debug' || logger.level === 'trace' ? 'DEBUG' : 'WARN';
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      telemetryOptions: {
        logging: { forward: {}, filter: { core: coreLevel, other: 'WARN' } },
        metrics: bindAddress ? { prometheus: { bindAddress } } : undefined,
      },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`could not serve metrics on ${bindAddress} (WORKER_METRICS_PORT; 0 turns them off): ${reason}`);
  }
}

/**
 * What tracing adds to the worker's options: activity interceptors and the sink the workflow
 * interceptors (built into the workflow code, worker/workflow-source.ts) export their spans through.
 */
export function tracingWorkerOptions(tracing: Pick<Tracing, 'spanProcessor' | 'resource'>): {
  activityInterceptors: NonNullable<NonNullable<WorkerOptions['interceptors']>['activity']>;
  sinks: NonNullable<WorkerOptions['sinks']>;
} {
  return {
    activityInterceptors: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

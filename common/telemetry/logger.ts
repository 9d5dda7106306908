/**
 * One structured logger for the web server and the worker (pino): JSON lines unless `LOG_FORMAT=pretty`
 * (the default on a terminal), at `LOG_LEVEL`. Every line carries the trace and span of the OpenTelemetry
 * context it was written in and the request ID of the API request it belongs to.
 *
 * Hires' names and e-mail addresses never belong in a log. The code does not log them; as a second line
 * of defence the fields that hold them are censored and any e-mail address in a message is masked.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LevelWithSilent } from 'pino';
import { prettyLine } from './pretty';

export type { Logger } from 'pino';

const LEVELS: readonly LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Fields that hold a person's name or address, wherever they sit in a logged object (up to three deep). */
const PERSONAL_FIELDS = ['fullName', 'name', 'email', 'managerEmail', 'to', 'from', 'recipient', 'patch'];
export const REDACT_PATHS = PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
export const REDACTED = '[redacted]';

// Local part, @, a domain with a dot: the same shape the adapters mask in failure messages.
const EMAIL_ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** The text with every e-mail address in it replaced. */
export function maskAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, REDACTED);
}

/** What a request's log lines share: set by the API's route wrapper for the length of one request. */
export interface RequestLogContext {
  requestId: string;
}
// On globalThis: Next bundles this module into instrumentation and into each route separately, and the
// logger (created once) must read the same store the route wrapper writes.
const shared = globalThis as typeof globalThis & { onboardingRequestContext?: AsyncLocalStorage<RequestLogContext> };
shared.onboardingRequestContext ??= new AsyncLocalStorage<RequestLogContext>();
export const requestContext = shared.onboardingRequestContext;

export interface LoggerOptions {
  /** `web`, `worker`: the `service` field of every line. */
  service: string;
  level?: string;
  format?: string;
  /** Where the lines go (tests); standard output otherwise. */
  destination?: NodeJS.WritableStream;
}

function pickLevel(value: string | undefined): LevelWithSilent {
  return LEVELS.includes(value as LevelWithSilent) ? (value as LevelWithSilent) : 'info';
}

function pickFormat(value: string | undefined, destination: NodeJS.WritableStream): 'json' | 'pretty' {
  if (value === 'json' || value === 'pretty') return value;
  return (destination as { isTTY?: boolean }).isTTY ? 'pretty' : 'json';
}

export function createLogger(options: LoggerOptions): Logger {
  const out = options.destination ?? process.stdout;
  const format = pickFormat(options.format ?? process.env.LOG_FORMAT, out);
  return pino(
    {
      level: pickLevel(options.level ?? process.env.LOG_LEVEL),
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin() {
        const fields: Record<string, string> = {};
        const request = requestContext.getStore();
        if (request) fields.requestId = request.requestId;
        const span = trace.getActiveSpan()?.spanContext();
        if (span && trace.isSpanContextValid(span)) {
          fields.traceId = span.traceId;
          fields.spanId = span.spanId;
        }
        return fields;
      },
      hooks: {
        // Messages are text a person wrote, but they may quote a service that named an address.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? maskAddresses(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    format === 'pretty'
      ? prettyStream(out)
      : // Standard output written synchronously: a line logged just before the process exits or blocks still gets out.
        options.destination
        ? (options.destination as pino.DestinationStream)
        : pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * A short human line per record ("12:00:01 WARN  [worker] message key=value"), written without pino's
 * transport threads so it works the same inside Next's server and the worker.
 */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) out.write(`${prettyLine(line)}\n`);
      }
      done();
    },
  });
}

const loggers = globalThis as typeof globalThis & { onboardingLoggers?: Map<string, Logger> };

/** The process's logger for `service`, created once (on globalThis, so Next's hot reload keeps it). */
export function getLogger(service: string): Logger {
  loggers.onboardingLoggers ??= new Map();
  let logger = loggers.onboardingLoggers.get(service);
  if (!logger) {
    logger = createLogger({ service });
    loggers.onboardingLoggers.set(service, logger);
  }
  return logger;
}

/** Replaces the process's logger for `service` (tests capture what a process logs this way). */
export function replaceLogger(service: string, logger: Logger): void {
  loggers.onboardingLoggers ??= new Map();
  loggers.onboardingLoggers.set(service, logger);
}

/** An error as log fields: its message (addresses masked) and, for bugs, the stack. */
export function errorFields(err: unknown): { err: { message: string; type?: string; stack?: string } } {
  if (err instanceof Error) {
    return { err: { message: maskAddresses(err.message), type: err.name, stack: err.stack ? maskAddresses(err.stack) : undefined } };
  }
  return { err: { message: maskAddresses(String(err)) } };
}

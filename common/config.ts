/**
 * Configuration from the environment, parsed once with zod into a typed object.
 * Shared by the web app (through server/env.ts, which is server-only) and the worker process.
 * A bad value stops the process with a message that names the variable.
 */
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE, durationSchema } from '../temporal/shared/contract';
import { ConfigError } from './config-error';
import { temporalConnectionSettings, type TemporalConnectionOptions } from './temporal-connection';

export { ConfigError } from './config-error';
import { parseMailbox } from '../temporal/integrations/mailbox';
import { isTimeZone } from '../temporal/shared/plan-time';
import type { BreakerSettings } from '../temporal/shared/breaker';

const onOff = z.enum(['on', 'off'], { error: 'must be "on" or "off"' });
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `500ms`, `30s`, `4h`, `14d` as milliseconds. */
export function parseHumanDuration(text: string): number | undefined {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
  return value > 0 ? value : undefined;
}

const humanDuration = z
  .string()
  .refine((text) => parseHumanDuration(text) !== undefined, { error: 'must be a duration like 500ms, 30s, 4h or 14d' })
  .transform((text) => parseHumanDuration(text) as number);

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(3000),
  /** The interface the web app listens on. Anything but loopback needs sign-in (see webExposureProblems). */
  HOST: z
    .string()
    .trim()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9.-]+)$/, { error: 'must be an interface address or host name, like 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1'),
  /** Extra names the app answers to besides localhost, 127.0.0.1, [::1] and APP_URL's host ("a.example,b.example:8443"). */
  ALLOWED_HOSTS: optionalString,
  /** "1": a reverse proxy in front sets X-Forwarded-For/-Host/-Proto, and only then do they count. */
  TRUST_PROXY: z.enum(['0', '1'], { error: 'must be 1 (behind a reverse proxy that sets X-Forwarded-*) or 0' }).default('0'),
  APP_URL: z.url({ error: 'must be a URL like http://localhost:3000' }).optional(),
  // The address, namespace, TLS and API key are read by common/temporal-connection.ts (profiles included).
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_UI_URL: z.url({ error: 'must be a URL' }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  ONBOARDING_RETRY_INITIAL_INTERVAL: durationSchema.default('1s'),
  ONBOARDING_RETRY_MAXIMUM_INTERVAL: durationSchema.default('60s'),
  SANDBOX: onOff.default('on'),
  LLM_BASE_URL: z.url({ error: 'must be the base URL of an OpenAI-compatible API' }).optional(),
  LLM_API_KEY: optionalString,
  LLM_MODEL: z.string().min(1).default('sandbox-learning-path'),
  /** A second OpenAI-compatible model, asked after 3 transient failures of the primary in one step (docs/assistant.md). */
  LLM_FALLBACK_BASE_URL: z.url({ error: 'must be the base URL of an OpenAI-compatible API' }).optional(),
  LLM_FALLBACK_API_KEY: optionalString,
  LLM_FALLBACK_MODEL: optionalString,
  /** Real services, used when SANDBOX=off: email over SMTP (or a JSON email API), CRM over REST, the Slack Web API. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an SMTP URL like smtp://user:password@mail.example.com:587 or smtps://...:465' })
    .optional(),
  EMAIL_FROM: z
    .string()
    .refine((v) => parseMailbox(v) !== undefined, { error: 'must be an address or "Name <address>", like Onboarding <hr@example.com>' })
    .optional(),
  EMAIL_API_URL: z.url({ error: 'must be the base URL of the email API' }).optional(),
  EMAIL_API_KEY: optionalString,
  CRM_API_URL: z.url({ error: 'must be the base URL of the CRM API' }).optional(),
  CRM_API_KEY: optionalString,
  SLACK_API_URL: z.url({ error: 'must be the base URL of the Slack Web API' }).default('https://slack.com/api'),
  SLACK_BOT_TOKEN: optionalString,
  /** Secret for the keyed hashes of name words in search attributes; see docs. */
  SEARCH_HMAC_SECRET: optionalString,
  AUTH_SECRET: optionalString,
  ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: optionalString,
  API_TOKENS: optionalString,
  /** The simulated services' credential (checked while sign-in is on); see docs/security.md. */
  SANDBOX_API_KEY: optionalString,
  /** Payload codec keys "keyId:base64,..." (first encrypts); unset: a key generated in DATA_DIR. */
  PAYLOAD_ENCRYPTION_KEYS: optionalString,
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(40),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().nonnegative().optional(),
  WORKER_SHUTDOWN_GRACE_TIME: durationSchema.default('10s'),
  /** The worker's Prometheus endpoint on 127.0.0.1; 0 turns it off. `npm start` gives worker N the port + N. */
  WORKER_METRICS_PORT: z.coerce.number({ error: 'must be a port number, or 0 for none' }).int().min(0).max(65535).default(9464),
  /** OTLP/HTTP collector base URL (`http://localhost:4318`); traces are exported to `<url>/v1/traces`. Unset: none. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ error: 'must be the base URL of an OTLP/HTTP collector, like http://localhost:4318' }).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], { error: 'must be one of trace, debug, info, warn, error, fatal, silent' }).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be "json" or "pretty"' }).optional(),
  /** Onboarding plans, one JSON file each (see plans/ and docs/plans.md). */
  PLANS_DIR: z.string().min(1).default('plans'),
  /** Where "00:00 of the start date" is: plan times are computed in this zone. */
  COMPANY_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone, like UTC or Europe/Berlin' })
    .default('UTC'),
  /** Where escalations go and who owns HR and IT tasks. */
  HR_EMAIL: z.email({ error: 'must be an email address' }).default('hr@example.com'),
  IT_EMAIL: z.email({ error: 'must be an email address' }).default('it@example.com'),
  HR_SLACK_CHANNEL: z
    .string()
    .regex(/^#[a-z0-9_-]{1,80}$/, { error: 'must be # then 1–80 of a–z 0–9 _ -, like #hr-onboarding' })
    .default('#hr-onboarding'),
  /** Milliseconds (written 4h, 24h, 14d). How long a step may wait for a person before HR is told, then how often they are reminded (at most 3 times). */
  ESCALATE_AFTER: humanDuration.default(4 * DURATION_UNITS_MS.h),
  REMIND_EVERY: humanDuration.default(24 * DURATION_UNITS_MS.h),
  /** How long an owner's link to /act/<token> stays valid. */
  LINK_TTL: humanDuration.default(14 * DURATION_UNITS_MS.d),
  /** Secret for owners' links; unset: one generated in DATA_DIR (mode 0600) and shared by web and worker. */
  LINK_SECRET: optionalString,
  /**
   * The assistant's diagnosis of a step that needs a person (docs/assistant.md): `off` none, `suggest` a
   * suggested fix a person applies, `apply` the workflow applies a sure one (confidence ≥ 0.9) itself, once
   * per step. Read when an onboarding starts and kept in its input.
   */
  AUTO_FIX: z.enum(['off', 'suggest', 'apply'], { error: 'must be off, suggest or apply' }).default('suggest'),
  /** A service's breaker opens after this many consecutive transient failures (across onboardings) within BREAKER_WINDOW. */
  BREAKER_FAILURES: z.coerce.number({ error: 'must be a whole number from 1 to 1000' }).int({ error: 'must be a whole number from 1 to 1000' }).min(1, { error: 'must be a whole number from 1 to 1000' }).max(1000, { error: 'must be a whole number from 1 to 1000' }).default(5),
  BREAKER_WINDOW: humanDuration.default(DURATION_UNITS_MS.m),
  /** How long an open breaker waits before it lets one probe call through. */
  BREAKER_COOLDOWN: humanDuration.default(30 * DURATION_UNITS_MS.s),
});

type RawEnv = z.infer<typeof envSchema>;

export interface AppConfig extends RawEnv {
  /** From TEMPORAL_ADDRESS, else the Temporal profile, else localhost:7233. */
  TEMPORAL_ADDRESS: string;
  /** From TEMPORAL_NAMESPACE, else the Temporal profile, else "default". */
  TEMPORAL_NAMESPACE: string;
  /** Address, TLS, API key and gRPC headers for Temporal (common/temporal-connection.ts). */
  temporalConnection: TemporalConnectionOptions;
  appUrl: string;
  temporalUiUrl: string;
  /** The LLM endpoint: the sandbox's unless LLM_BASE_URL points elsewhere. */
  llmBaseUrl: string;
  /** The fallback model, when LLM_FALLBACK_MODEL is set (its base URL defaults to the primary's). */
  llmFallback?: { baseUrl: string; apiKey?: string; model: string };
  sandboxEnabled: boolean;
  /** True when TEMPORAL_ADDRESS is on this machine (so `npm start` may run a dev server there). */
  temporalIsLocal: boolean;
  /** Host names (lower case, no port) or host:port pairs a request's Host header may carry. */
  allowedHosts: string[];
  trustProxy: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

export function parseConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  let temporal: ReturnType<typeof temporalConnectionSettings> | undefined;
  try {
    temporal = temporalConnectionSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (parsed.success && parsed.data.LLM_FALLBACK_BASE_URL && !parsed.data.LLM_FALLBACK_MODEL) {
    problems.push('LLM_FALLBACK_MODEL: required with LLM_FALLBACK_BASE_URL (the fallback model to ask)');
  }
  if (!parsed.success || !temporal || problems.length > 0) throw new ConfigError(problems);
  const raw = parsed.data;
  const TEMPORAL_ADDRESS = temporal.connection.address;
  const appUrl = (raw.APP_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  const [host = 'localhost', port = '7233'] = TEMPORAL_ADDRESS.split(':');
  const temporalUiUrl = (raw.TEMPORAL_UI_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${Number(port) + 1000}`).replace(/\/+$/, '');
  const sandboxEnabled = raw.SANDBOX === 'on';
  if (!sandboxEnabled) {
    const problems = (['LLM_BASE_URL', 'CRM_API_URL', 'SLACK_BOT_TOKEN'] as const)
      .filter((name) => !raw[name])
      .map((name) => `${name}: required when SANDBOX=off (the sandbox does not serve it)`);
    if (!raw.SMTP_URL && !raw.EMAIL_API_URL) {
      problems.unshift('SMTP_URL: required when SANDBOX=off (or EMAIL_API_URL for a JSON email API); the sandbox does not send email');
    }
    if (raw.SMTP_URL && !raw.EMAIL_FROM) problems.push('EMAIL_FROM: required with SMTP_URL (the From of every message)');
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const llmBaseUrl = (raw.LLM_BASE_URL ?? `${appUrl}/api/sandbox/llm/v1`).replace(/\/+$/, '');
  return {
    ...raw,
    TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: temporal.namespace,
    temporalConnection: temporal.connection,
    appUrl,
    temporalUiUrl,
    llmBaseUrl,
    ...(raw.LLM_FALLBACK_MODEL
      ? {
          llmFallback: {
            baseUrl: (raw.LLM_FALLBACK_BASE_URL ?? llmBaseUrl).replace(/\/+$/, ''),
            apiKey: raw.LLM_FALLBACK_API_KEY ?? raw.LLM_API_KEY,
            model: raw.LLM_FALLBACK_MODEL,
          },
        }
      : {}),
    sandboxEnabled,
    temporalIsLocal: LOOPBACK_HOSTS.has(host),
    allowedHosts: allowedHostsOf(appUrl, raw.ALLOWED_HOSTS),
    trustProxy: raw.TRUST_PROXY === '1',
  };
}

/** The names that always reach a local dashboard, APP_URL's host, and ALLOWED_HOSTS. */
function allowedHostsOf(appUrl: string, extra: string | undefined): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]', new URL(appUrl).hostname.toLowerCase()];
  for (const entry of (extra ?? '').split(',')) {
    const name = entry.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return [...new Set(names)];
}

/** An interface only this machine can reach: 127.0.0.0/8, ::1 or localhost (never 0.0.0.0 or ::, which are all interfaces). */
export function isLoopbackInterface(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Why the web app must not start as configured: with sign-in off (no AUTH_SECRET) every page shows every
 * hire to whoever can connect, so it may listen on loopback only, and may not talk to real e-mail and Slack.
 */
export function webExposureProblems(config: Pick<AppConfig, 'HOST' | 'AUTH_SECRET' | 'sandboxEnabled'>): string[] {
  if (config.AUTH_SECRET) return [];
  const problems: string[] = [];
  if (!isLoopbackInterface(config.HOST)) {
    problems.push(
      `HOST: ${config.HOST} would let other machines reach the dashboard while sign-in is off; set AUTH_SECRET ` +
        '(at least 32 random characters: openssl rand -base64 32) to require sign-in, or leave HOST unset (127.0.0.1)',
    );
  }
  if (!config.sandboxEnabled) {
    problems.push(
      'SANDBOX: off sends real e-mail and Slack messages, which needs sign-in; set AUTH_SECRET (openssl rand -base64 32) ' +
        'or leave SANDBOX on',
    );
  }
  return problems;
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** The breakers' settings as the breaker workflow takes them (BREAKER_*). */
export function breakerSettings(config: Pick<AppConfig, 'BREAKER_FAILURES' | 'BREAKER_WINDOW' | 'BREAKER_COOLDOWN'>): BreakerSettings {
  return { failures: config.BREAKER_FAILURES, windowMs: config.BREAKER_WINDOW, cooldownMs: config.BREAKER_COOLDOWN };
}

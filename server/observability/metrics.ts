import 'server-only';
/**
 * The web server's Prometheus metrics (prom-client), served at GET /api/metrics. One registry per
 * process, on globalThis so Next's hot reload does not register the same metric twice.
 *
 * Step failures happen in the worker: `onboarding_step_failures_total{step,kind}` is counted there, at
 * the attempt, and served on the worker's endpoint (WORKER_METRICS_PORT). The web server sees failures
 * only when someone looks, so counting them here would count views, not failures.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface WebMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  onboardingsStarted: Counter;
  decisions: Counter<'action'>;
}

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'API request duration by method, route and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    onboardingsStarted: new Counter({
      name: 'onboardings_started_total',
      help: 'Onboardings started through the API',
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'onboarding_decisions_total',
      help: 'Decisions people sent about single onboardings, by action (retry, skip, cancel, retry-now); bulk decisions run as batches and are not counted here',
      labelNames: ['action'],
      registers: [registry],
    }),
  };
}

const cache = globalThis as typeof globalThis & { onboardingWebMetrics?: WebMetrics };

export function webMetrics(): WebMetrics {
  cache.onboardingWebMetrics ??= createWebMetrics();
  return cache.onboardingWebMetrics;
}

/**
 * Path segments that are IDs, secrets or personal data, replaced by placeholders. The label (and the
 * request log line, which uses it) must never carry a link's token or a user's e-mail address, and
 * every onboarding must not get its own series.
 */
const PLACEHOLDERS: [RegExp, string][] = [
  // Not the fixed routes beside the IDs (no onboarding ID is `counts` or `export.csv`: they start with `onboarding-`).
  [/^\/api\/onboardings\/(?!(?:counts|export\.csv)(?:\/|$))[^/]+/, '/api/onboardings/:id'],
  [/^\/api\/onboardings\/:id\/(steps|tasks)\/[^/]+/, '/api/onboardings/:id/$1/:key'],
  [/^\/api\/batches\/[^/]+/, '/api/batches/:id'],
  [/^\/api\/act\/[^/]+/, '/api/act/:token'],
  [/^\/api\/users\/[^/]+/, '/api/users/:email'],
  [/^\/api\/sandbox\/crm\/contacts\/[^/]+/, '/api/sandbox/crm/contacts/:employeeId'],
];

/** The route pattern of an API path (`/api/onboardings/:id/retry`). */
export function routeOf(pathname: string): string {
  return PLACEHOLDERS.reduce((path, [pattern, placeholder]) => path.replace(pattern, placeholder), pathname);
}

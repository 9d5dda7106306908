/**
 * What the e2e specs and the global setup/teardown share: the stack's ports, the hand-over of the stack
 * from setup to teardown, and a helper to break and mend the stack through its control server.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Stack } from '../scripts/lib/stack';

/** E2E_PORT_OFFSET shifts every port, so two checkouts on one machine can run their e2e suites side by side. */
const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E_PORTS = {
  web: 3100 + PORT_OFFSET,
  temporal: 7300 + PORT_OFFSET,
  temporalUi: 8300 + PORT_OFFSET,
  control: 3190 + PORT_OFFSET,
  /** The worker's Prometheus endpoint (a second worker would take the next port). */
  workerMetrics: 3197 + PORT_OFFSET,
  /**
   * e2e/auth.spec.ts's own web server (sign-in on) and the Temporal address it points at, where nothing
   * listens. Ending in 5, so checkouts whose offsets differ by tens never collide with each other's ports.
   */
  authWeb: 3105 + PORT_OFFSET,
  authTemporal: 7305 + PORT_OFFSET,
} as const;

const EMAIL_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Not addresses: protobuf type URLs in gRPC error details the Temporal SDK logs, e.g. an escaped
 * `\\n@type.googleapis.com/temporal.api.errordetails.v1.NotFoundFailure` reads as `n@type.googleapis.com`.
 */
const NOT_AN_ADDRESS = /@type\.googleapis\.com$/;

/**
 * Every e-mail address in the stack's log files (`<dataDir>/logs/*.log`), as `file: address` lines.
 * Logs get copied, shipped and kept: a hire's (or anyone's) address must never be in them.
 */
export function emailAddressesInLogs(dataDir: string): string[] {
  const dir = path.join(dataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => [...new Set(readFileSync(path.join(dir, file), 'utf8').match(EMAIL_ADDRESS) ?? [])]
      .filter((address) => !NOT_AN_ADDRESS.test(address))
      .map((address) => `${file}: ${address}`));
}

type StackControlAction = 'worker/kill' | 'worker/start' | 'temporal/stop' | 'temporal/start' | 'web/restart';

/**
 * Asks the control server to act and waits until it is done (a started worker is polling, a started Temporal
 * answers, a restarted web app serves /api/health). `worker/kill` sends SIGKILL unless told SIGTERM;
 * `web/restart` is graceful (SIGTERM: Next finishes requests in flight) unless told SIGKILL.
 */
export async function controlStack(action: StackControlAction, body: { signal?: 'SIGKILL' | 'SIGTERM' } = {}): Promise<void> {
  const base = process.env.STACK_CONTROL_URL ?? `http://127.0.0.1:${E2E_PORTS.control}`;
  const response = await fetch(`${base}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stack control ${action} failed: ${response.status} ${await response.text()}`);
}

// Setup and teardown run in the runner process but may be separate module instances: keep it on globalThis.
interface E2eStackHandle {
  stack?: Stack;
  control?: http.Server;
}
const KEY = Symbol.for('onboarding-dashboard.e2e-stack');
const holder = globalThis as typeof globalThis & { [KEY]?: E2eStackHandle };

export function setE2eStack(stack: Stack, control?: http.Server): void {
  holder[KEY] = { stack, control };
}

export function takeE2eStack(): E2eStackHandle {
  const handle = holder[KEY] ?? {};
  holder[KEY] = undefined;
  return handle;
}

/**
 * The breakers' part of a chaos report: how often each service's breaker opened (its own counters, read
 * with the `breakerStats` query), how many steps waited for their service and for how long (from each
 * onboarding's activity log), and which steps or breakers were still waiting at the end.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { clientDataConverter, payloadKeySettings } from '../../common/codec/data-converter';
import type { TemporalConnectionOptions } from '../../common/temporal-connection';
import type { Detail, SandboxService } from '../../contract/http';
import { breakerStatsQuery, breakerWorkflowId, STEP_SERVICE, type BreakerStats } from '../../temporal/shared/breaker';
import type { StepKey } from '../../temporal/shared/schemas';
import { percentiles, type Percentiles } from './stats';

export interface ServiceWaits {
  /** Steps (onboarding × step) that waited at least once. */
  stepsWaited: number;
  /** Waits: a step can wait more than once (a failed probe, a second opening). */
  waits: number;
  /** How long each finished wait lasted, in ms. */
  waitMs: Percentiles;
  /** The longest wait's sum for one step, in ms. */
  longestStepMs: number;
}

export interface StepStillWaiting {
  id: string;
  step: string;
  since: string;
  reason: string | null;
}

export interface WaitFigures {
  services: Record<SandboxService, ServiceWaits>;
  /** Steps whose status is `waiting` at the end, or whose last wait never ended: each one fails the run. */
  stillWaiting: StepStillWaiting[];
}

const SERVICES: readonly SandboxService[] = ['email', 'llm', 'crm', 'slack'];

function serviceOf(step: string): SandboxService | undefined {
  return (STEP_SERVICE as Record<string, SandboxService | undefined>)[step as StepKey];
}

/**
 * Reads the waits from the activity logs: a `step.waiting` event opens a wait of its step, the step's
 * next event closes it (normally `step.started`: "goes on", or "tries … again" for the probe).
 */
export function waitFigures(details: readonly Pick<Detail, 'id' | 'steps' | 'events'>[]): WaitFigures {
  const durations = new Map<SandboxService, number[]>(SERVICES.map((service) => [service, []]));
  const stepTotals = new Map<SandboxService, Map<string, number>>(SERVICES.map((service) => [service, new Map()]));
  const stillWaiting: StepStillWaiting[] = [];
  for (const detail of details) {
    const open = new Map<string, string>();
    for (const event of detail.events) {
      if (event.step === undefined) continue;
      const service = serviceOf(event.step);
      if (service === undefined) continue;
      const openedAt = open.get(event.step);
      if (openedAt !== undefined) {
        const ms = Math.max(0, Date.parse(event.at) - Date.parse(openedAt));
        durations.get(service)!.push(ms);
        const key = `${detail.id}/${event.step}`;
        const totals = stepTotals.get(service)!;
        totals.set(key, (totals.get(key) ?? 0) + ms);
        open.delete(event.step);
      }
      if (event.type === 'step.waiting') {
        open.set(event.step, event.at);
        const totals = stepTotals.get(service)!;
        const key = `${detail.id}/${event.step}`;
        if (!totals.has(key)) totals.set(key, 0);
      }
    }
    const waitingNow = new Set(detail.steps.filter((step) => step.status === 'waiting').map((step) => step.key));
    for (const step of new Set([...waitingNow, ...open.keys()])) {
      stillWaiting.push({
        id: detail.id,
        step,
        since: open.get(step) ?? '',
        reason: detail.steps.find((s) => s.key === step)?.waitingReason ?? null,
      });
    }
  }
  const services = Object.fromEntries(
    SERVICES.map((service) => {
      const totals = [...stepTotals.get(service)!.values()];
      const waits = durations.get(service)!;
      return [service, { stepsWaited: totals.length, waits: waits.length, waitMs: percentiles(waits), longestStepMs: totals.length ? Math.max(...totals) : 0 }];
    }),
  ) as Record<SandboxService, ServiceWaits>;
  return { services, stillWaiting };
}

/** A breaker that was never started (no failure, no pause) never opened. */
export type BreakerFigures = Record<SandboxService, BreakerStats | null>;

/**
 * Each breaker's counters, read from its workflow with the worker's payload codec (keys from the data
 * folder, as the stack's processes use them). Throws when Temporal cannot answer.
 */
export async function readBreakerFigures({
  connection: connectionOptions,
  namespace,
  dataDir,
}: {
  /** The stack's own connection settings (address, and TLS or an API key when the stack uses them). */
  connection: TemporalConnectionOptions;
  namespace: string;
  dataDir: string;
}): Promise<BreakerFigures> {
  const connection = await Connection.connect({ ...connectionOptions, connectTimeout: '5s' });
  try {
    const client = new Client({ connection, namespace, dataConverter: clientDataConverter(payloadKeySettings(dataDir)) });
    const entries = await Promise.all(
      SERVICES.map(async (service) => {
        try {
          return [service, await client.workflow.getHandle(breakerWorkflowId(service)).query(breakerStatsQuery)] as const;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return [service, null] as const;
          throw error;
        }
      }),
    );
    return Object.fromEntries(entries) as BreakerFigures;
  } finally {
    await connection.close();
  }
}

/**
 * Audits the sandbox's deliveries (GET /api/sandbox/state) for duplicates, losses and deliveries that
 * cannot be attributed.
 *
 * Activities send `Idempotency-Key: <workflowId>:<runId>:<stepKey>`, with optional suffixes: `:compensation`
 * (an undo, its own kind), `:r<round>` (a corrected retry, round 2 and later) and `:ask-<n>` (the LLM client's
 * re-ask after an invalid answer). Every suffix is parsed, none skipped: a key that does not have this
 * shape, or names another service's step, is unattributed and fails the chaos verdict. A duplicate is a
 * second delivery for the same key, or a second delivery of the same kind for the same (workflow, step)
 * under any other key (new run ID, round or ask included): the sandbox's LLM always answers valid JSON,
 * so a re-ask there is itself a sign of a problem.
 */
import type { SandboxService } from '../../contract/http';
import type { StepKey } from '../../temporal/shared/schemas';

const STEP_OF_SERVICE: Record<SandboxService, StepKey> = {
  email: 'welcome-email',
  llm: 'learning-path',
  crm: 'crm-update',
  slack: 'slack-notification',
};
const SERVICES = Object.keys(STEP_OF_SERVICE) as SandboxService[];

/**
 * The assistant's question to the LLM about a step that needs a person (temporal/workflows/assistant.ts):
 * `<workflowId>:<runId>:diagnosis:<step>:r<round>`. Not a delivery of any step, so neither counted nor
 * a duplicate; a failure that gives up again in a later round is asked about again, under its own round.
 */
const ASSISTANT_QUESTION = /^[^:]+:[^:]+:diagnosis:[a-z0-9][a-z0-9-]{0,63}:r\d{1,6}$/;

export interface ParsedIdempotencyKey {
  workflowId: string;
  runId: string;
  step: string;
  compensation: boolean;
  /** The corrected-retry round (`:r2` and later), null for the first. */
  round: number | null;
  /** The LLM client's re-ask (`:ask-2` and later), null for the first question. */
  ask: number | null;
}

/** The parts of an idempotency key; null when the key does not have our shape. */
export function parseIdempotencyKey(key: string): ParsedIdempotencyKey | null {
  const [workflowId, runId, step, ...suffixes] = key.split(':');
  if (!workflowId || !runId || !step) return null;
  const parsed: ParsedIdempotencyKey = { workflowId, runId, step, compensation: false, round: null, ask: null };
  for (const suffix of suffixes) {
    const round = /^r([1-9]\d{0,5})$/.exec(suffix);
    const ask = /^ask-([1-9]\d{0,2})$/.exec(suffix);
    if (suffix === 'compensation' && !parsed.compensation) parsed.compensation = true;
    else if (round && parsed.round === null) parsed.round = Number(round[1]);
    else if (ask && parsed.ask === null) parsed.ask = Number(ask[1]);
    else return null;
  }
  return parsed;
}

export interface ServiceAudit {
  deliveries: number;
  /** Deliveries without an idempotency key, with one that is not ours, or naming another service's step. */
  unattributed: number;
  /** Deliveries of compensations (their own kind: never a duplicate of the action they undo). */
  compensations: number;
  /** Extra deliveries that repeat an idempotency key already delivered. */
  duplicateKeys: number;
  /** Extra deliveries for a (workflow, step) already delivered, whatever their key (catches a new run ID too). */
  duplicateSteps: number;
}

export interface DeliveryAudit {
  services: Record<SandboxService, ServiceAudit>;
  /** Examples of duplicates, for the report (at most 20). */
  duplicateExamples: { service: SandboxService; key: string; count: number }[];
  /** Examples of unattributed keys, for the report (at most 20). */
  unattributedExamples: { service: SandboxService; key: string | null }[];
  /** Completed onboardings missing a delivery, with the services missing. */
  lost: { workflowId: string; missing: SandboxService[] }[];
}

interface AuditedDelivery {
  idempotencyKey: string | null;
}

/**
 * @param deliveries the sandbox's deliveries per service
 * @param completedWorkflowIds onboardings that completed: each must have one delivery per service
 * @param belongsToRun only deliveries of workflows this predicate accepts are audited (other runs may share the sandbox)
 */
export function auditDeliveries(
  deliveries: Partial<Record<SandboxService, readonly AuditedDelivery[]>>,
  completedWorkflowIds: Iterable<string>,
  belongsToRun: (workflowId: string) => boolean = () => true,
): DeliveryAudit {
  const services = {} as Record<SandboxService, ServiceAudit>;
  const duplicateExamples: DeliveryAudit['duplicateExamples'] = [];
  const unattributedExamples: DeliveryAudit['unattributedExamples'] = [];
  const deliveredSteps = new Map<string, Set<SandboxService>>();

  for (const service of SERVICES) {
    const audit: ServiceAudit = { deliveries: 0, unattributed: 0, compensations: 0, duplicateKeys: 0, duplicateSteps: 0 };
    const perKey = new Map<string, number>();
    const perStep = new Map<string, { count: number; key: string }>();
    for (const delivery of deliveries[service] ?? []) {
      if (service === 'llm' && delivery.idempotencyKey !== null && ASSISTANT_QUESTION.test(delivery.idempotencyKey)) continue;
      const parsed = delivery.idempotencyKey === null ? null : parseIdempotencyKey(delivery.idempotencyKey);
      if (parsed === null || parsed.step !== STEP_OF_SERVICE[service]) {
        audit.unattributed++;
        if (unattributedExamples.length < 20) unattributedExamples.push({ service, key: delivery.idempotencyKey });
        continue;
      }
      if (!belongsToRun(parsed.workflowId)) continue;
      audit.deliveries++;
      if (parsed.compensation) audit.compensations++;
      const key = delivery.idempotencyKey ?? '';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      const stepKey = `${parsed.workflowId}:${parsed.step}:${parsed.compensation ? 'compensation' : 'action'}`;
      perStep.set(stepKey, { count: (perStep.get(stepKey)?.count ?? 0) + 1, key });
      if (!parsed.compensation) {
        const delivered = deliveredSteps.get(parsed.workflowId) ?? new Set<SandboxService>();
        delivered.add(service);
        deliveredSteps.set(parsed.workflowId, delivered);
      }
    }
    for (const [key, count] of perKey) {
      if (count > 1) {
        audit.duplicateKeys += count - 1;
        if (duplicateExamples.length < 20) duplicateExamples.push({ service, key, count });
      }
    }
    for (const [stepKey, { count, key }] of perStep) {
      if (count <= 1) continue;
      audit.duplicateSteps += count - 1;
      // A repeated key is already an example; a step delivered under several keys gets one too.
      if ((perKey.get(key) ?? 0) <= 1 && duplicateExamples.length < 20) duplicateExamples.push({ service, key: `${stepKey} (last key ${key})`, count });
    }
    services[service] = audit;
  }

  const lost: DeliveryAudit['lost'] = [];
  for (const workflowId of completedWorkflowIds) {
    const delivered = deliveredSteps.get(workflowId);
    const missing = SERVICES.filter((service) => !delivered?.has(service));
    if (missing.length > 0) lost.push({ workflowId, missing });
  }
  return { services, duplicateExamples, unattributedExamples, lost };
}

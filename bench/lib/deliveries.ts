/**
 * Audits the sandbox's deliveries (GET /api/sandbox/state) for duplicates and losses.
 *
 * Activities send `Idempotency-Key: <workflowId>:<runId>:<stepKey>` (compensations add `:compensation`), so
 * every delivery names the onboarding and step it belongs to. A duplicate is a second delivery for the same key,
 * or for the same (workflow, step) under another key; a loss is a completed onboarding without the delivery
 * of one of its four steps.
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

/** The parts of an idempotency key; null when the key does not have our shape. */
export function parseIdempotencyKey(key: string): { workflowId: string; runId: string; step: string; compensation: boolean } | null {
  const [workflowId, runId, step, suffix, ...rest] = key.split(':');
  if (!workflowId || !runId || !step || rest.length > 0 || (suffix !== undefined && suffix !== 'compensation')) return null;
  return { workflowId, runId, step, compensation: suffix === 'compensation' };
}

export interface ServiceAudit {
  deliveries: number;
  /** Deliveries without an idempotency key, or with one that is not ours: they cannot be attributed. */
  unattributed: number;
  /** Extra deliveries that repeat an idempotency key already delivered. */
  duplicateKeys: number;
  /** Extra deliveries for a (workflow, step) already delivered, whatever their key (catches a new run ID too). */
  duplicateSteps: number;
}

export interface DeliveryAudit {
  services: Record<SandboxService, ServiceAudit>;
  /** Examples of duplicates, for the report (at most 20). */
  duplicateExamples: { service: SandboxService; key: string; count: number }[];
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
  const deliveredSteps = new Map<string, Set<SandboxService>>();

  for (const service of SERVICES) {
    const audit: ServiceAudit = { deliveries: 0, unattributed: 0, duplicateKeys: 0, duplicateSteps: 0 };
    const perKey = new Map<string, number>();
    const perStep = new Map<string, number>();
    for (const delivery of deliveries[service] ?? []) {
      const parsed = delivery.idempotencyKey === null ? null : parseIdempotencyKey(delivery.idempotencyKey);
      if (parsed === null) {
        audit.unattributed++;
        continue;
      }
      if (!belongsToRun(parsed.workflowId)) continue;
      audit.deliveries++;
      const key = delivery.idempotencyKey ?? '';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      const stepKey = `${parsed.workflowId}:${parsed.step}:${parsed.compensation ? 'compensation' : 'action'}`;
      perStep.set(stepKey, (perStep.get(stepKey) ?? 0) + 1);
      if (!parsed.compensation && parsed.step === STEP_OF_SERVICE[service]) {
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
    for (const count of perStep.values()) if (count > 1) audit.duplicateSteps += count - 1;
    services[service] = audit;
  }

  const lost: DeliveryAudit['lost'] = [];
  for (const workflowId of completedWorkflowIds) {
    const delivered = deliveredSteps.get(workflowId);
    const missing = SERVICES.filter((service) => !delivered?.has(service));
    if (missing.length > 0) lost.push({ workflowId, missing });
  }
  return { services, duplicateExamples, lost };
}

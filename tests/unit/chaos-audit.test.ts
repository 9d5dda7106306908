/**
 * The chaos run's verdict depends on this audit: if it missed a duplicate or a loss, the run's
 * "0 duplicates, 0 lost" would mean nothing. So it is tested on deliveries with known faults.
 */
import { describe, expect, it } from 'vitest';
import { auditDeliveries, parseIdempotencyKey } from '@/bench/lib/deliveries';
import { percentile } from '@/bench/lib/stats';

const key = (workflowId: string, step: string, runId = 'run-1') => ({ idempotencyKey: `${workflowId}:${runId}:${step}` });
const complete = (workflowId: string) => ({
  email: [key(workflowId, 'welcome-email')],
  llm: [key(workflowId, 'learning-path')],
  crm: [key(workflowId, 'crm-update')],
  slack: [key(workflowId, 'slack-notification')],
});

describe('chaos delivery audit', () => {
  it('parses our idempotency keys and nothing else', () => {
    expect(parseIdempotencyKey('onboarding-a:run:crm-update')).toEqual({
      workflowId: 'onboarding-a',
      runId: 'run',
      step: 'crm-update',
      compensation: false,
    });
    expect(parseIdempotencyKey('onboarding-a:run:crm-update:compensation')?.compensation).toBe(true);
    expect(parseIdempotencyKey('random-key')).toBeNull();
    expect(parseIdempotencyKey('a:b:c:d')).toBeNull();
  });

  it('finds nothing wrong when each completed onboarding has exactly one delivery per service', () => {
    const audit = auditDeliveries(complete('onboarding-a'), ['onboarding-a']);
    expect(audit.lost).toEqual([]);
    expect(Object.values(audit.services).every((s) => s.duplicateKeys === 0 && s.duplicateSteps === 0)).toBe(true);
  });

  it('counts a repeated key and a second run of the same step as duplicates', () => {
    const deliveries = complete('onboarding-a');
    deliveries.email.push(key('onboarding-a', 'welcome-email'));
    deliveries.slack.push(key('onboarding-a', 'slack-notification', 'run-2'));
    const audit = auditDeliveries(deliveries, ['onboarding-a']);
    expect(audit.services.email).toMatchObject({ duplicateKeys: 1, duplicateSteps: 1 });
    expect(audit.services.slack).toMatchObject({ duplicateKeys: 0, duplicateSteps: 1 });
    expect(audit.duplicateExamples).toHaveLength(1);
  });

  it('does not count a compensation as a duplicate of the action it undoes', () => {
    const deliveries = complete('onboarding-a');
    deliveries.crm.push(key('onboarding-a', 'crm-update:compensation'));
    expect(auditDeliveries(deliveries, []).services.crm.duplicateSteps).toBe(0);
  });

  it('reports a completed onboarding without one of its deliveries as lost', () => {
    const deliveries = complete('onboarding-a');
    deliveries.llm = [];
    const audit = auditDeliveries({ ...deliveries, slack: [] }, ['onboarding-a', 'onboarding-b']);
    expect(audit.lost).toEqual([
      { workflowId: 'onboarding-a', missing: ['llm', 'slack'] },
      { workflowId: 'onboarding-b', missing: ['email', 'llm', 'crm', 'slack'] },
    ]);
  });

  it('ignores other runs and counts deliveries it cannot attribute', () => {
    const deliveries = { ...complete('onboarding-a'), email: [key('onboarding-a', 'welcome-email'), key('onboarding-other', 'welcome-email'), { idempotencyKey: null }] };
    const audit = auditDeliveries(deliveries, ['onboarding-a'], (id) => id === 'onboarding-a');
    expect(audit.services.email).toMatchObject({ deliveries: 1, unattributed: 1 });
  });

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

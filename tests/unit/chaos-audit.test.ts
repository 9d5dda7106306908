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
      round: null,
      ask: null,
    });
    expect(parseIdempotencyKey('onboarding-a:run:crm-update:compensation')?.compensation).toBe(true);
    expect(parseIdempotencyKey('random-key')).toBeNull();
    expect(parseIdempotencyKey('a:b:c:d')).toBeNull();
  });

  it('parses the corrected-retry round and the LLM re-ask instead of skipping them', () => {
    expect(parseIdempotencyKey('onboarding-a:run:learning-path:ask-2')).toMatchObject({ step: 'learning-path', ask: 2, round: null });
    expect(parseIdempotencyKey('onboarding-a:run:learning-path:r3:ask-2')).toMatchObject({ round: 3, ask: 2, compensation: false });
    expect(parseIdempotencyKey('onboarding-a:run:slack-notification:r2')).toMatchObject({ round: 2, ask: null });
    expect(parseIdempotencyKey('onboarding-a:run:crm-update:r2:compensation')).toMatchObject({ round: 2, compensation: true });
    // Repeated, empty or malformed suffixes are not ours.
    for (const bad of ['a:b:c:r2:r3', 'a:b:c:ask-', 'a:b:c:r0', 'a:b:c:ask-2:ask-3', 'a:b:c:compensation:compensation', 'a:b:c:', 'a::c']) {
      expect(parseIdempotencyKey(bad), bad).toBeNull();
    }
  });

  it('counts a re-ask or a later round of a delivered step as a duplicate of that step', () => {
    const deliveries = complete('onboarding-a');
    deliveries.llm.push(key('onboarding-a', 'learning-path:ask-2'));
    deliveries.crm.push(key('onboarding-a', 'crm-update:r2'));
    const audit = auditDeliveries(deliveries, ['onboarding-a']);
    expect(audit.services.llm).toMatchObject({ duplicateSteps: 1, unattributed: 0 });
    expect(audit.services.crm).toMatchObject({ duplicateSteps: 1, unattributed: 0 });
  });

  it('a delivery whose key names another service\'s step cannot be attributed', () => {
    const deliveries = complete('onboarding-a');
    deliveries.email.push(key('onboarding-a', 'slack-notification'));
    const audit = auditDeliveries(deliveries, ['onboarding-a']);
    expect(audit.services.email.unattributed).toBe(1);
    expect(audit.unattributedExamples).toEqual([{ service: 'email', key: 'onboarding-a:run-1:slack-notification' }]);
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
    expect(audit.duplicateExamples).toHaveLength(2);
  });

  it('does not count a compensation as a duplicate of the action it undoes', () => {
    const deliveries = complete('onboarding-a');
    deliveries.crm.push(key('onboarding-a', 'crm-update:compensation'));
    expect(auditDeliveries(deliveries, []).services.crm).toMatchObject({ duplicateSteps: 0, compensations: 1 });
  });

  it("does not count the assistant's question about a failed step as a delivery, nor anything like it elsewhere", () => {
    const deliveries = complete('onboarding-a');
    deliveries.llm.push(key('onboarding-a', 'diagnosis:slack-notification:r0'), key('onboarding-a', 'diagnosis:slack-notification:r1'));
    expect(auditDeliveries(deliveries, ['onboarding-a']).services.llm).toMatchObject({ deliveries: 1, unattributed: 0, duplicateSteps: 0 });
    // Only the LLM is asked, and only in that exact shape.
    deliveries.email.push(key('onboarding-a', 'diagnosis:slack-notification:r0'));
    deliveries.llm.push(key('onboarding-a', 'diagnosis:slack-notification'));
    const audit = auditDeliveries(deliveries, ['onboarding-a']);
    expect(audit.services.email.unattributed).toBe(1);
    expect(audit.services.llm.unattributed).toBe(1);
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

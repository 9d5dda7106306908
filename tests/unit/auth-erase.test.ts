/** Erasure on request: the sandbox forgets one onboarding, Temporal's execution is deleted, an audit line says who. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { eraseOnboarding as EraseOnboarding } from '@/server/privacy/erase';
import { SandboxStore } from '@/server/sandbox/store';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'erase-test-'));

function deliver(store: SandboxStore, workflowId: string, to: string) {
  return store.handle('email', `${workflowId}:run-1:welcome-email`, () => ({ status: 200, body: { id: 'm' }, delivery: { to, subject: 'Welcome' } }));
}

describe('SandboxStore.eraseOnboarding', () => {
  it('removes that onboarding’s deliveries and idempotency records, on disk too, and nothing else', async () => {
    const dir = tempDir();
    const store = new SandboxStore(dir);
    await deliver(store, 'onboarding-a1', 'ada@example.com');
    await deliver(store, 'onboarding-a10', 'bob@example.com');
    await store.handle('crm', null, () => ({ status: 200, body: {}, delivery: { employeeId: 'a1', status: 'onboarded' } }));
    expect(store.eraseOnboarding('onboarding-a1')).toBe(2);

    for (const view of [store, new SandboxStore(dir)]) {
      const { deliveries } = view.state();
      expect(JSON.stringify(deliveries)).not.toContain('ada@example.com');
      expect(deliveries.email.map((d) => d.to)).toEqual(['bob@example.com']);
      expect(deliveries.crm).toEqual([]);
    }
    expect(readFileSync(path.join(dir, 'email.jsonl'), 'utf8')).not.toContain('ada@example.com');
    // The idempotency record went too: the same key delivers again instead of replaying the old answer.
    let performed = false;
    await store.handle('email', 'onboarding-a1:run-1:welcome-email', () => {
      performed = true;
      return { status: 200, body: { id: 'n' }, delivery: { to: 'x@example.com', subject: 'Again' } };
    });
    expect(performed).toBe(true);
  });
});

const fakeTemporal = vi.hoisted(() => ({
  status: 'COMPLETED',
  deleteWorkflowExecution: vi.fn(() => Promise.resolve({})),
}));
vi.mock('@/server/temporal/client', () => ({
  getTemporalClient: () => ({
    workflow: { getHandle: () => ({ describe: () => Promise.resolve({ status: { name: fakeTemporal.status }, runId: 'run-1' }) }) },
    workflowService: { deleteWorkflowExecution: fakeTemporal.deleteWorkflowExecution },
  }),
}));

describe('eraseOnboarding', () => {
  const dataDir = tempDir();
  let eraseOnboarding: typeof EraseOnboarding;
  beforeAll(async () => {
    vi.stubEnv('DATA_DIR', dataDir);
    vi.resetModules();
    ({ eraseOnboarding } = await import('@/server/privacy/erase'));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('refuses a running onboarding with 409 not_finished', async () => {
    fakeTemporal.status = 'RUNNING';
    await expect(eraseOnboarding('onboarding-a1', 'hr@example.com')).rejects.toMatchObject({ status: 409, code: 'not_finished' });
    expect(fakeTemporal.deleteWorkflowExecution).not.toHaveBeenCalled();
  });

  it('deletes a finished one and writes an audit line without personal data', async () => {
    fakeTemporal.status = 'COMPLETED';
    const { getSandboxStore } = await import('@/server/sandbox');
    await deliver(getSandboxStore(), 'onboarding-a1', 'ada@example.com');
    expect(await eraseOnboarding('onboarding-a1', 'hr@example.com')).toEqual({ id: 'onboarding-a1', erased: true });
    expect(fakeTemporal.deleteWorkflowExecution).toHaveBeenCalledWith({
      namespace: 'default',
      workflowExecution: { workflowId: 'onboarding-a1', runId: 'run-1' },
    });
    const audit = readFileSync(path.join(dataDir, 'audit.log'), 'utf8').trim().split('\n');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0] ?? '{}')).toMatchObject({ action: 'onboarding.erased', onboarding: 'onboarding-a1', actor: 'hr@example.com', sandboxDeliveries: 1 });
    expect(audit[0]).not.toContain('ada@example.com');
  });
});

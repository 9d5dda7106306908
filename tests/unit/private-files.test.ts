/**
 * DATA_DIR holds keys, users, logs and the sandbox's deliveries: whatever the umask, folders end up 0700
 * and files 0600, including ones an older version left with wider permissions.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOrCreateKeyFile } from '@/common/codec/keys';
import { ensurePrivateDir } from '@/common/private-files';
import { sandboxApiKey, SANDBOX_KEY_FILE } from '@/common/sandbox-key';
import { appendAudit } from '@/server/privacy/audit';
import { SandboxStore } from '@/server/sandbox/store';
import { openPrivateLog, Stack } from '../../scripts/lib/stack';

const mode = (file: string) => statSync(file).mode & 0o777;
let previousUmask = 0;
beforeAll(() => {
  // A permissive umask, as on many desktops: the modes must not depend on it.
  previousUmask = process.umask(0o002);
});
afterAll(() => {
  process.umask(previousUmask);
});

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'private-files-'));

describe('file modes in DATA_DIR', () => {
  it('DATA_DIR is made 0700, also when it existed with wider permissions', () => {
    const fresh = path.join(tempDir(), 'data');
    ensurePrivateDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const old = tempDir();
    chmodSync(old, 0o755);
    new Stack({ webPort: 1, temporalPort: 2, dataDir: old });
    expect(mode(old)).toBe(0o700);
  });

  it('supervisor logs are 0600 in a 0700 folder, an older world-readable log included', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'logs'), { mode: 0o755 });
    writeFileSync(path.join(dataDir, 'logs', 'web.log'), 'old\n', { mode: 0o644 });
    for (const name of ['web', 'worker']) {
      const log = openPrivateLog(dataDir, name);
      await new Promise<void>((resolve) => log.end('line\n', resolve));
    }
    expect(mode(path.join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(path.join(dataDir, 'logs', 'web.log'))).toBe(0o600);
    expect(mode(path.join(dataDir, 'logs', 'worker.log'))).toBe(0o600);
  });

  it('the payload key, the sandbox key and the audit log are 0600', () => {
    const dataDir = tempDir();
    readOrCreateKeyFile(dataDir);
    const key = sandboxApiKey({ DATA_DIR: dataDir });
    appendAudit(dataDir, { at: new Date(0).toISOString(), action: 'onboarding.erased', onboarding: 'onboarding-e1', actor: null, sandboxDeliveries: 0 });
    expect(mode(path.join(dataDir, 'payload-key'))).toBe(0o600);
    expect(mode(path.join(dataDir, SANDBOX_KEY_FILE))).toBe(0o600);
    expect(mode(path.join(dataDir, 'audit.log'))).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    // A generated key per DATA_DIR, not a well-known one; the worker reading the same folder gets the same key.
    expect(key).not.toBe('sandbox');
    expect(key.length).toBeGreaterThanOrEqual(24);
    expect(sandboxApiKey({ DATA_DIR: dataDir })).toBe(key);
    expect(sandboxApiKey({ DATA_DIR: tempDir() })).not.toBe(key);
    expect(sandboxApiKey({ DATA_DIR: dataDir, SANDBOX_API_KEY: 'set-by-the-operator-123' })).toBe('set-by-the-operator-123');
  });

  it('the sandbox store keeps its deliveries in 0600 files in a 0700 folder', async () => {
    const dir = path.join(tempDir(), 'sandbox');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(path.join(dir, 'email.jsonl'), '', { mode: 0o644 });
    const store = new SandboxStore(dir, { random: () => 1, sleep: () => Promise.resolve() });
    await store.handle('slack', 'key-1', () => ({ status: 200, body: { ok: true }, delivery: { channel: '#general', text: 'hi' } }));
    store.reset();
    await store.handle('email', 'key-2', () => ({ status: 200, body: { ok: true }, delivery: { to: 'a@example.com' } }));
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(mode(path.join(dir, file)), file).toBe(0o600);
  });
});

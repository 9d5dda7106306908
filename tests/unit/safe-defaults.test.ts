/**
 * Safe by default: with sign-in off the dashboard may only be reachable from this machine and may only
 * talk to the simulated services. The check itself, and `npm start`'s supervisor refusing to start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackInterface, parseConfig, webExposureProblems } from '@/common/config';

const SECRET = 'a-secret-of-at-least-32-characters-0123';
const REAL_SERVICES = { SANDBOX: 'off', LLM_BASE_URL: 'https://llm.example/v1', EMAIL_API_URL: 'https://mail.example', CRM_API_URL: 'https://crm.example', SLACK_BOT_TOKEN: 'xoxb-1' };

describe('which interfaces count as this machine only', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['10.0.0.5', false],
    ['my-laptop.local', false],
    ['127.0.0.1.nip.io', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackInterface(host)).toBe(loopback);
  });
});

describe('webExposureProblems', () => {
  it('the defaults are fine: loopback, sandbox on, sign-in off', () => {
    const config = parseConfig({});
    expect(config.HOST).toBe('127.0.0.1');
    expect(webExposureProblems(config)).toEqual([]);
  });

  it('refuses a non-loopback HOST without sign-in, saying what to set', () => {
    const problems = webExposureProblems(parseConfig({ HOST: '0.0.0.0' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HOST: /);
    expect(problems[0]).toContain('AUTH_SECRET');
  });

  it('refuses SANDBOX=off without sign-in, saying what to set', () => {
    const problems = webExposureProblems(parseConfig(REAL_SERVICES));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SANDBOX: /);
    expect(problems[0]).toContain('AUTH_SECRET');
  });

  it('allows both with sign-in on', () => {
    expect(webExposureProblems(parseConfig({ ...REAL_SERVICES, HOST: '0.0.0.0', AUTH_SECRET: SECRET }))).toEqual([]);
  });

  it('rejects a HOST that is not an address or a name', () => {
    expect(() => parseConfig({ HOST: 'http://0.0.0.0/' })).toThrow(/HOST/);
  });
});

describe('npm start refuses an open dashboard on the network', () => {
  const repo = path.resolve(__dirname, '../..');
  const runSupervisor = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/stack.ts'], {
      cwd: repo,
      // A Temporal address that is not local: if the check ever let this through, no dev server would start.
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH ?? '',
        PORT: '3197',
        TEMPORAL_ADDRESS: 'temporal.invalid:7233',
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'safe-start-')),
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('HOST=0.0.0.0 without AUTH_SECRET stops at once with the variable to set', () => {
    const result = runSupervisor({ HOST: '0.0.0.0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HOST: 0.0.0.0');
    expect(result.stderr).toContain('set AUTH_SECRET');
  });

  it('SANDBOX=off without AUTH_SECRET stops at once with the variable to set', () => {
    const result = runSupervisor(REAL_SERVICES);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SANDBOX: off');
  });
});

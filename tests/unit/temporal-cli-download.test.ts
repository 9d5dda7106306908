/**
 * Provisioning the Temporal CLI from a release archive (scripts/lib/temporal-cli.mjs), run as `npm start`
 * runs it: a child process, against a local HTTP server on 127.0.0.1 that plays the release (a small
 * tar.gz holding a `temporal` shell script, and its checksums.txt), with a fake `go` first on PATH.
 * Nothing is downloaded from the internet.
 *
 * The slow-download case lasts CLI_DOWNLOAD_TEST_SECONDS (4 s by default) at 200 kB/s; the issue's
 * acceptance run is the same test for 30 s:
 *   CLI_DOWNLOAD_TEST_SECONDS=30 npx vitest run --project unit tests/unit/temporal-cli-download.test.ts
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(__dirname, '../..');
const INSTALLER = path.join(REPO_ROOT, 'scripts/lib/temporal-cli.mjs');
const ARCHIVE_NAME = 'temporal_cli_1.5.1_linux_amd64.tar.gz';
const RATE_BYTES_PER_SECOND = 200_000;
const SLOW_SECONDS = Number(process.env.CLI_DOWNLOAD_TEST_SECONDS || 4);
const TICK_MS = 50;

interface Release {
  archive: Buffer;
  sha256: string;
}

/** A tar.gz like the release's: a `temporal` program (here a shell script) and an incompressible filler. */
function makeArchive(workDir: string, bytes: number): Release {
  const content = path.join(workDir, `content-${bytes}`);
  mkdirSync(content, { recursive: true });
  writeFileSync(path.join(content, 'temporal'), '#!/bin/sh\necho "temporal version 1.5.1 (from the test archive)"\n');
  chmodSync(path.join(content, 'temporal'), 0o755);
  writeFileSync(path.join(content, 'LICENSE'), randomBytes(bytes));
  const file = path.join(workDir, `archive-${bytes}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', file, '-C', content, 'temporal', 'LICENSE']);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  const archive = readFileSync(file);
  return { archive, sha256: createHash('sha256').update(archive).digest('hex') };
}

type ArchiveBehaviour =
  /** The whole archive at RATE_BYTES_PER_SECOND, in small steady pieces. */
  | { kind: 'steady' }
  /** A third of it, then nothing more while the connection stays open. */
  | { kind: 'stall' }
  /** The first request's connection is cut after a third; later ones are served whole. */
  | { kind: 'break-once' }
  /** The archive with one byte changed, while checksums.txt lists the original. */
  | { kind: 'tampered' };

interface FakeRelease {
  archiveUrl: string;
  archiveRequests: number;
  close(): Promise<void>;
}

async function serveRelease(release: Release, behaviour: ArchiveBehaviour): Promise<FakeRelease> {
  const checksums = `${'0'.repeat(64)}  temporal_cli_1.5.1_darwin_arm64.tar.gz\n${release.sha256}  ${ARCHIVE_NAME}\n`;
  const state = { archiveRequests: 0 };
  const server = http.createServer((request, response) => {
    if (request.url === '/v1.5.1/checksums.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(checksums);
      return;
    }
    if (request.url !== `/v1.5.1/${ARCHIVE_NAME}`) {
      response.writeHead(404).end();
      return;
    }
    state.archiveRequests += 1;
    let body = release.archive;
    if (behaviour.kind === 'tampered') {
      body = Buffer.from(release.archive);
      const at = body.length - 10;
      body.writeUInt8(body.readUInt8(at) ^ 0xff, at);
    }
    response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(body.length) });
    const stopAt =
      behaviour.kind === 'stall' || (behaviour.kind === 'break-once' && state.archiveRequests === 1) ? Math.floor(body.length / 3) : body.length;
    const perTick = Math.max(1, Math.round((RATE_BYTES_PER_SECOND * TICK_MS) / 1000));
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= stopAt) {
        clearInterval(timer);
        if (stopAt === body.length) response.end();
        else if (behaviour.kind === 'break-once') response.socket?.destroy();
        // 'stall': keep the connection open and silent.
        return;
      }
      const next = Math.min(stopAt, sent + perTick);
      response.write(body.subarray(sent, next));
      sent = next;
    }, TICK_MS);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    archiveUrl: `http://127.0.0.1:${port}/v1.5.1/${ARCHIVE_NAME}`,
    get archiveRequests() {
      return state.archiveRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A `go` that answers `go version` as Go 1.25 and, for `go install`, either "builds" a `temporal`
 * script into GOBIN or fails. Its arguments are logged so a test can see the fallback was taken.
 */
function fakeGo(binDir: string, outcome: 'builds' | 'fails'): string {
  const log = path.join(binDir, 'go-calls.log');
  const install =
    outcome === 'builds'
      ? 'printf \'#!/bin/sh\\necho "temporal version 1.5.1 (built by go)"\\n\' > "$GOBIN/temporal" && chmod +x "$GOBIN/temporal"'
      : 'echo "go: simulated build failure" >&2; exit 1';
  writeFileSync(
    path.join(binDir, 'go'),
    `#!/bin/sh\necho "$@" >> "${log}"\nif [ "$1" = version ]; then echo "go version go1.25.0 linux/amd64"; exit 0; fi\n${install}\n`,
  );
  chmodSync(path.join(binDir, 'go'), 0o755);
  return log;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  tookMs: number;
}

function provision(home: string, binDir: string, env: Record<string, string>): Promise<Run> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [INSTALLER], {
      // Only the fake `go`, tar and the basics on PATH: no `temporal` or real Go can be found.
      env: { NODE_ENV: 'test', PATH: `${binDir}:/usr/bin:/bin`, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, tookMs: Date.now() - startedAt }));
  });
}

function runInstalled(cliPath: string): string {
  return spawnSync(cliPath, [], { encoding: 'utf8' }).stdout.trim();
}

describe('Temporal CLI download', () => {
  let workDir: string;
  let home: string;
  let binDir: string;
  let server: FakeRelease | undefined;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'cli-download-test-'));
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function freshHome(name: string): void {
    home = path.join(workDir, name);
    binDir = path.join(home, 'bin');
    mkdirSync(binDir, { recursive: true });
  }

  it(
    `finishes a slow but steady download (200 kB/s for ${SLOW_SECONDS} s) that outlasts both timeouts, showing progress`,
    async () => {
      freshHome('steady');
      const goCalls = fakeGo(binDir, 'fails');
      const release = makeArchive(workDir, RATE_BYTES_PER_SECOND * SLOW_SECONDS);
      server = await serveRelease(release, { kind: 'steady' });
      const run = await provision(home, binDir, {
        TEMPORAL_CLI_DOWNLOAD_URL: server.archiveUrl,
        TEMPORAL_CLI_CONNECT_TIMEOUT_MS: '1000',
        TEMPORAL_CLI_STALL_TIMEOUT_MS: '1000',
      });

      expect(run.code, run.stderr).toBe(0);
      // Longer than both timeouts together: neither limits the whole transfer.
      expect(run.tookMs).toBeGreaterThan(SLOW_SECONDS * 1000 * 0.8);
      // A progress line at each tenth: bytes so far, the total and the percentage, rising to 100%.
      const percents = [...run.stderr.matchAll(/[\d.]+ (?:kB|MB) of [\d.]+ (?:kB|MB) \((\d+)%\)/g)].map((match) => Number(match[1]));
      expect(percents.length).toBeGreaterThanOrEqual(9);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.at(-1)).toBe(100);
      expect(run.stderr).toContain('SHA-256 verified');
      const installed = run.stdout.trim();
      expect(installed).toBe(path.join(home, 'cache/onboarding-dashboard/temporal-cli/1.5.1/temporal'));
      expect(runInstalled(installed)).toBe('temporal version 1.5.1 (from the test archive)');
      expect(() => readFileSync(goCalls)).toThrow();
    },
    (SLOW_SECONDS + 30) * 1000,
  );

  it('gives up on a stalled download with a message that says so, then tries go install', async () => {
    freshHome('stall');
    const goCalls = fakeGo(binDir, 'fails');
    server = await serveRelease(makeArchive(workDir, 300_000), { kind: 'stall' });
    const run = await provision(home, binDir, { TEMPORAL_CLI_DOWNLOAD_URL: server.archiveUrl, TEMPORAL_CLI_STALL_TIMEOUT_MS: '1500' });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the download stalled: no data for 1\.5 s after \d+ kB of \d+ kB \(TEMPORAL_CLI_STALL_TIMEOUT_MS\)/);
    expect(run.tookMs).toBeLessThan(15_000);
    // A stall is not a broken connection: one request only.
    expect(server.archiveRequests).toBe(1);
    expect(readFileSync(goCalls, 'utf8')).toContain('install -v github.com/temporalio/cli/cmd/temporal@v1.5.1');
    expect(run.stderr).toContain('go install: go install exited with code 1');
    expect(run.stderr).toContain('install Go 1.25 or newer');
    expect(run.stdout).toBe('');
  }, 30_000);

  it('tries once more when the connection breaks mid-way', async () => {
    freshHome('broken');
    fakeGo(binDir, 'fails');
    server = await serveRelease(makeArchive(workDir, 150_000), { kind: 'break-once' });
    const run = await provision(home, binDir, { TEMPORAL_CLI_DOWNLOAD_URL: server.archiveUrl });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/the connection (broke|closed) after .*; trying once more/);
    expect(server.archiveRequests).toBe(2);
    expect(runInstalled(run.stdout.trim())).toBe('temporal version 1.5.1 (from the test archive)');
  }, 30_000);

  it('refuses a tampered archive, naming both checksums, and falls back to go install', async () => {
    freshHome('tampered');
    const goCalls = fakeGo(binDir, 'builds');
    const release = makeArchive(workDir, 100_000);
    server = await serveRelease(release, { kind: 'tampered' });
    const run = await provision(home, binDir, { TEMPORAL_CLI_DOWNLOAD_URL: server.archiveUrl });

    expect(run.code, run.stderr).toBe(0);
    const mismatch = /checksum mismatch for temporal_cli_1\.5\.1_linux_amd64\.tar\.gz: expected SHA-256 ([0-9a-f]{64}) \(from [^)]+checksums\.txt\), got ([0-9a-f]{64})/.exec(
      run.stderr,
    );
    expect(mismatch, run.stderr).not.toBeNull();
    expect(mismatch?.[1]).toBe(release.sha256);
    expect(mismatch?.[2]).not.toBe(release.sha256);
    expect(run.stderr).toContain('trying go install');
    expect(readFileSync(goCalls, 'utf8')).toContain('install -v github.com/temporalio/cli/cmd/temporal@v1.5.1');
    // What is installed is what go built, not anything from the refused archive.
    expect(runInstalled(run.stdout.trim())).toBe('temporal version 1.5.1 (built by go)');
  }, 30_000);

  it('says which setting is wrong when a timeout is not a number', async () => {
    freshHome('bad-setting');
    fakeGo(binDir, 'fails');
    const run = await provision(home, binDir, { TEMPORAL_CLI_STALL_TIMEOUT_MS: '30s' });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TEMPORAL_CLI_STALL_TIMEOUT_MS must be a whole number of milliseconds above 0 (got "30s")');
  }, 30_000);
});

#!/usr/bin/env node
// @ts-check
/**
 * `npm run temporal`: the Temporal dev server alone, in the foreground, on TEMPORAL_ADDRESS's port
 * (Web UI on port + 1000), persisting to DATA_DIR/temporal.sqlite. Installs the CLI first if needed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadEnvFiles } from './lib/env-files.mjs';
import { ensureTemporalCli } from './lib/temporal-cli.mjs';
import { isPortOpen, repoRoot, temporalTarget } from './lib/run.mjs';

// Same list as SEARCH_ATTRIBUTE_REGISTRATIONS in temporal/shared/contract.ts (this file cannot import TypeScript).
const SEARCH_ATTRIBUTES = [
  'OnboardingStatus=Keyword',
  'OnboardingStep=Keyword',
  'OnboardingNameTokens=KeywordList',
  'OnboardingStartDate=Datetime',
  'OnboardingAttentionSince=Datetime',
];

async function main() {
  loadEnvFiles();
  const target = temporalTarget();
  if (await isPortOpen(target.port, target.host === '0.0.0.0' ? '127.0.0.1' : target.host)) {
    console.error(`[temporal] something already listens on ${target.address}; stop it or set TEMPORAL_ADDRESS to a free port`);
    process.exit(1);
  }
  const cliPath = await ensureTemporalCli();
  const dataDir = path.resolve(repoRoot, process.env.DATA_DIR || '.data');
  // Holds the SQLite file with every onboarding: this user's only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal.sqlite'),
    '--port',
    String(target.port),
    '--ui-port',
    String(target.port + 1000),
    '--namespace',
    process.env.TEMPORAL_NAMESPACE || 'default',
    ...SEARCH_ATTRIBUTES.flatMap((attribute) => ['--search-attribute', attribute]),
    // Same as scripts/lib/stack.ts SQLITE_PRAGMAS (see why there): WAL, fsync at checkpoints only.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    // The Web UI decrypts payloads through the web app's codec endpoint (docs/security.md).
    '--ui-codec-endpoint',
    `${(process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '')}/api/temporal-codec`,
    '--log-level',
    'warn',
  ];
  if (target.host === '0.0.0.0') args.push('--ip', '0.0.0.0');
  console.log(`[temporal] ${cliPath} ${args.join(' ')}`);
  const child = spawn(cliPath, args, { stdio: 'inherit' });
  // Ctrl-C reaches the server directly (same process group); a SIGTERM sent to us only is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}

main().catch((error) => {
  console.error(`[temporal] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { takeE2eStack } from './harness';

/**
 * Hires' addresses as the fixtures make them (`<prefix>-<epoch ms>-<random>@example.com`, e2e/fixtures.ts)
 * and the names the specs give hires. Staff addresses (the admin signing in) may appear in the web log.
 */
const HIRE_TRACES = [/\b[a-z0-9]+-\d{12,}-[a-z0-9]+@example\.com\b/i, /Ada Lovelace|Grace Hopper/];

/** Lines of the web and worker logs that name a hire: there must be none (docs: "never a hire's name or e-mail"). */
function hireTracesInLogs(dataDir: string): string[] {
  const dir = path.join(dataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /^(web|worker)(-\d+)?\.log$/.test(file))
    .flatMap((file) =>
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => HIRE_TRACES.some((pattern) => pattern.test(line)))
        .map((line) => `${file}: ${line.slice(0, 300)}`),
    );
}

export default async function globalTeardown(): Promise<void> {
  const { stack, control } = takeE2eStack();
  await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
  await stack?.stop();
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) return;
  console.log(`[e2e] stack stopped; logs kept in ${dataDir}/logs`);
  const leaks = hireTracesInLogs(dataDir);
  if (leaks.length > 0) {
    throw new Error(`[e2e] ${leaks.length} log lines name a hire (names and addresses must never be logged):\n${leaks.slice(0, 10).join('\n')}`);
  }
}

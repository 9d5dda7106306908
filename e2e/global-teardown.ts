import { emailAddressesInLogs, takeE2eStack } from './harness';

export default async function globalTeardown(): Promise<void> {
  const { stack, control } = takeE2eStack();
  await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
  await stack?.stop();
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) return;
  console.log(`[e2e] stack stopped; logs kept in ${dataDir}/logs`);
  // After every hire the run started, failed, retried and cancelled: no e-mail address may be in a log.
  const leaks = emailAddressesInLogs(dataDir);
  if (leaks.length > 0) {
    throw new Error(`[e2e] e-mail addresses found in the stack's logs (personal data must not be logged):\n  ${leaks.join('\n  ')}`);
  }
  console.log('[e2e] no e-mail address in any log file');
}

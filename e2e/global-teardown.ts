import { takeE2eStack } from './harness';

export default async function globalTeardown(): Promise<void> {
  const { stack, control } = takeE2eStack();
  await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
  await stack?.stop();
  if (process.env.E2E_DATA_DIR) console.log(`[e2e] stack stopped; logs kept in ${process.env.E2E_DATA_DIR}/logs`);
}

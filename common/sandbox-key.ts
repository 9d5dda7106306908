/**
 * The simulated services' own credential, which the worker sends like a real provider's API key and the
 * web app checks while sign-in is on: SANDBOX_API_KEY, or a random key generated once per DATA_DIR
 * (`${DATA_DIR}/sandbox-api-key`, mode 0600), so no two installations share a well-known value. The
 * web app and the worker read the same file (`npm start` gives both the same DATA_DIR).
 */
import { randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from './private-files';

export const SANDBOX_KEY_FILE = 'sandbox-api-key';

export function sandboxApiKey(settings: { SANDBOX_API_KEY?: string | undefined; DATA_DIR: string }): string {
  if (settings.SANDBOX_API_KEY) return settings.SANDBOX_API_KEY;
  const key = readOrCreateSecretFile(settings.DATA_DIR, SANDBOX_KEY_FILE, () => randomBytes(24).toString('base64url'));
  if (key.length < 16) throw new Error(`${SANDBOX_KEY_FILE} in DATA_DIR holds no usable key; delete it to create a new one`);
  return key;
}

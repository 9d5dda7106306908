import 'server-only';
import path from 'node:path';
import { getConfig } from '@/server/env';
import type { z } from 'zod';
import { readJsonObject } from '@/server/api/body';
import { ApiError } from '@/server/api/errors';
import { MAX_IDEMPOTENCY_KEY_LENGTH, type SandboxService } from '@/contract/http';
import { parseServiceRequest } from './services';
import { SandboxStore, type ServiceOutcome } from './store';

interface SandboxGlobal {
  onboardingSandboxStore?: SandboxStore;
}
// On globalThis so hot reload keeps one store (and one set of in-flight calls) per process.
const cache = globalThis as typeof globalThis & SandboxGlobal;

/** The sandbox store, or a 404 sandbox_disabled when SANDBOX=off. */
export function getSandboxStore(): SandboxStore {
  const config = getConfig();
  if (!config.sandboxEnabled) {
    throw new ApiError('sandbox_disabled', 'The simulated services are turned off (SANDBOX=off).');
  }
  cache.onboardingSandboxStore ??= new SandboxStore(path.join(config.DATA_DIR, 'sandbox'));
  return cache.onboardingSandboxStore;
}

function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key')?.trim();
  if (!key) return null;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError('invalid_input', `An Idempotency-Key has at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
  }
  return key;
}

function sandboxResponse({ status, body }: { status: number; body: unknown }): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * One call of a simulated service: JSON body checks (415/413/400 as for our API), the service's own
 * validation (400), then faults, idempotency and the service itself through the store.
 */
export async function handleServiceCall<S extends z.ZodType>(
  request: Request,
  service: SandboxService,
  schema: S,
  perform: (value: z.output<S>) => ServiceOutcome,
): Promise<Response> {
  const store = getSandboxStore();
  let parsed: ReturnType<typeof parseServiceRequest<S>>;
  let key: string | null;
  try {
    key = idempotencyKeyOf(request);
    parsed = parseServiceRequest(schema, await readJsonObject(request));
  } catch (error) {
    // A request turned away before the service saw it (bad key, body or media type) was still received.
    store.countCall(service);
    throw error;
  }
  if (!parsed.ok) {
    store.countCall(service);
    return sandboxResponse(parsed.outcome);
  }
  const value = parsed.value;
  return sandboxResponse(await store.handle(service, key, () => perform(value), request.signal));
}

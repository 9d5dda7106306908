/**
 * Request schemas of the HTTP API that are not already in the shared contract. Plain zod: the OpenAPI
 * document is generated from these and from contract/http.ts.
 */
import { z } from 'zod';
import { onboardingStatusSchema } from '@/temporal/shared/schemas';

export const MAX_QUERY_LENGTH = 100;

export const listQuerySchema = z.object({
  status: onboardingStatusSchema.optional(),
  q: z.string().max(MAX_QUERY_LENGTH, { error: `Search with at most ${MAX_QUERY_LENGTH} characters` }).optional(),
  pageSize: z.coerce
    .number({ error: 'Use a whole number from 1 to 100' })
    .int({ error: 'Use a whole number from 1 to 100' })
    .min(1, { error: 'Use a whole number from 1 to 100' })
    .max(100, { error: 'Use a whole number from 1 to 100' })
    .default(25),
  cursor: z.string().max(4096).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** `?status=&q=` means "no filter": empty parameters count as absent. */
export function listQueryInput(searchParams: URLSearchParams): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of listQuerySchema.keyof().options) {
    const value = searchParams.get(key);
    if (value !== null && value !== '') input[key] = value;
  }
  return input;
}

export const FAULT_PRESETS = ['seed', 'none'] as const;
export const faultPresetRequestSchema = z.strictObject({
  preset: z.enum(FAULT_PRESETS, { error: 'Use "seed" (the seed\'s failures) or "none"' }),
});

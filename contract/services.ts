/**
 * The services' breakers in the HTTP API: `GET /api/services`, `POST /api/services/{service}/pause`
 * and `/resume` (rows in contract/http.ts). The pure state machine is temporal/shared/breaker.ts.
 */
import { z } from 'zod';
import { PAUSE_REASON_MAX, SERVICES } from '../temporal/shared/breaker';

export const serviceNameSchema = z.enum(SERVICES);

export const serviceViewSchema = z.object({
  service: serviceNameSchema,
  state: z.enum(['closed', 'open', 'paused']),
  /** Since when it is in this state (null for a breaker that never opened). */
  since: z.string().nullable(),
  /** A person's reason when paused, why it opened when open; null when closed. */
  reason: z.string().nullable(),
  /** Consecutive transient failures within BREAKER_WINDOW. */
  failureStreak: z.number().int().nonnegative(),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;

export const serviceListSchema = z.array(serviceViewSchema);

/** Printable text with at least one visible character (no control characters), as a JSON Schema pattern can say it. */
const REASON_PATTERN = /^[^\u0000-\u001f\u007f]*[^\s\u0000-\u001f\u007f][^\u0000-\u001f\u007f]*$/;

export const pauseRequestSchema = z.object({
  reason: z
    .string({ error: 'Say why the service is paused' })
    .max(PAUSE_REASON_MAX, { error: `At most ${PAUSE_REASON_MAX} characters` })
    .regex(REASON_PATTERN, { error: 'Say why the service is paused (printable text, not only spaces)' }),
});
export type PauseRequest = z.infer<typeof pauseRequestSchema>;

import 'server-only';
/**
 * The codec endpoint for the Temporal Web UI (`--ui-codec-endpoint <APP_URL>/api/temporal-codec`):
 * the UI posts `{payloads: [{metadata: {k: base64}, data: base64}]}` to /decode (or /encode) and shows
 * what comes back. HR admins only; the UI's origin is allowed by CORS, with credentials, so the
 * browser's session cookie goes along (turn on "Include cross-origin credentials" in the UI's codec
 * settings) — or the UI can pass an access token.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { guardApiRequest } from '@/server/auth/guard';
import { getAuthSettings } from '@/server/auth/settings';
import { getConfig } from '@/common/config';
import { statusOf, type ErrorCode } from '@/contract/error-codes';
import { getEncryptionCodec, payloadKeySettings } from '../../common/codec/data-converter';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const wirePayloadsSchema = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.string()).optional(),
        data: z.string().optional(),
      }),
    )
    .max(10_000),
});
type WirePayload = z.infer<typeof wirePayloadsSchema>['payloads'][number];

function fromWire(payload: WirePayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toWire(payload: Payload): WirePayload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

/** CORS for the Temporal UI (and the app itself); any other origin gets no CORS headers, so browsers block it. */
function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  const settings = getAuthSettings();
  if (!origin || (origin !== settings.temporalUiOrigin && origin !== settings.appOrigin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, X-Namespace, Authorization',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

function json(body: unknown, status: number, request: Request): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...corsHeaders(request) } });
}

/** The error envelope with the code's status (contract/error-codes.ts), and the CORS headers the Temporal UI needs. */
function failure(code: ErrorCode, message: string, request: Request): Response {
  return json({ error: { code, message } }, statusOf(code), request);
}

export function preflight(request: Request): Response {
  return new Response(null, { status: 204, headers: corsHeaders(request) });
}

export async function codecRequest(request: Request, direction: 'encode' | 'decode'): Promise<Response> {
  const { refused } = await guardApiRequest(request);
  if (refused) {
    for (const [name, value] of Object.entries(corsHeaders(request))) refused.headers.set(name, value);
    return refused;
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return failure('payload_too_large', 'At most 8 MiB of payloads per request.', request);
  }
  let parsed: z.infer<typeof wirePayloadsSchema>;
  try {
    parsed = wirePayloadsSchema.parse(JSON.parse(text));
  } catch {
    return failure('invalid_input', 'Send {"payloads": [{"metadata": {...}, "data": "<base64>"}]}.', request);
  }
  const codec = getEncryptionCodec(payloadKeySettings(getConfig().DATA_DIR));
  const payloads = parsed.payloads.map(fromWire);
  try {
    const result = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    return json({ payloads: result.map(toWire) }, 200, request);
  } catch (error) {
    // A payload from another key or a damaged one: say which, without echoing any payload.
    const message = error instanceof Error ? error.message : 'Could not decode these payloads.';
    return failure('invalid_input', message, request);
  }
}

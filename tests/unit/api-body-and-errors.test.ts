import { describe, expect, it } from 'vitest';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError } from '@temporalio/client';
import { z } from 'zod';
import { MAX_BODY_BYTES, readJsonBody } from '@/server/api/body';
import { ApiError, toApiError } from '@/server/api/errors';
import { parseOnboardingId } from '@/server/api/handler';
import { newHireFieldsSchema } from '@/temporal/shared/schemas';

const schema = z.strictObject({ name: z.string().min(1), nested: z.strictObject({ n: z.number() }).optional() });

function post(body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new Request('http://test/api', { method: 'POST', body, headers });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('readJsonBody', () => {
  it('returns the parsed body', async () => {
    await expect(readJsonBody(post('{"name":"Zoë"}'), schema)).resolves.toEqual({ name: 'Zoë' });
  });

  it.each([
    ['no content type', post('{}', {}), 415, 'unsupported_media_type'],
    ['text/plain', post('{}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ['a non-UTF-8 charset', post('{}', { 'content-type': 'application/json; charset=latin1' }), 415, 'unsupported_media_type'],
    ['invalid JSON', post('{"name":'), 400, 'invalid_input'],
    ['an array', post('[]'), 400, 'invalid_input'],
    ['null', post('null'), 400, 'invalid_input'],
    ['invalid UTF-8', post(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])), 400, 'invalid_input'],
    ['a body over 16 KiB', post(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) })), 413, 'payload_too_large'],
    [
      'a Content-Length over 16 KiB',
      post('{"name":"a"}', { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) }),
      413,
      'payload_too_large',
    ],
  ])('rejects %s', async (_label, request, status, code) => {
    const error = await rejection(readJsonBody(request, schema));
    expect([error.status, error.code]).toEqual([status, code]);
  });

  it('accepts application/json with a utf-8 charset', async () => {
    await expect(readJsonBody(post('{"name":"a"}', { 'content-type': 'Application/JSON; charset=UTF-8' }), schema)).resolves.toEqual({ name: 'a' });
  });

  it('reports zod problems by field path, unknown keys under their own name', async () => {
    const error = await rejection(readJsonBody(post('{"name":"","nested":{"n":"1","x":1},"__proto__":{"a":1},"extra":true}'), schema));
    expect(error.status).toBe(400);
    // Built with fromEntries: in an object literal `__proto__:` would set the prototype instead.
    expect(error.details.fields).toEqual(
      Object.fromEntries([
        ['name', [expect.any(String)]],
        ['nested.n', [expect.any(String)]],
        ['nested.x', ['Unknown field']],
        ['__proto__', ['Unknown field']],
        ['extra', ['Unknown field']],
      ]),
    );
    expect(Object.getPrototypeOf(error.details.fields)).toBe(Object.prototype);
  });

  it('validates a new hire with the shared schema (unknown field, bad email)', async () => {
    const error = await rejection(
      readJsonBody(post(JSON.stringify({ employeeId: 'E1', fullName: 'A', email: 'nope', role: 'R', startDate: '2026-01-01', admin: true })), newHireFieldsSchema),
    );
    expect(Object.keys(error.details.fields ?? {}).sort()).toEqual(['admin', 'email']);
  });
});

describe('toApiError', () => {
  const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code, details: message, metadata: {} });

  it.each([
    ['an ApiError as it is', new ApiError('not_retryable', 'no'), 409, 'not_retryable'],
    ['WorkflowNotFoundError', new WorkflowNotFoundError('gone', 'onboarding-x', undefined), 404, 'not_found'],
    ['WorkflowExecutionAlreadyStartedError', new WorkflowExecutionAlreadyStartedError('dup', 'onboarding-x', 'onboardingWorkflow'), 409, 'already_exists'],
    ['gRPC UNAVAILABLE', grpcError(14, '14 UNAVAILABLE: No connection established'), 503, 'temporal_unavailable'],
    ['gRPC DEADLINE_EXCEEDED', grpcError(4, '4 DEADLINE_EXCEEDED'), 503, 'temporal_unavailable'],
    ['a ServiceError caused by UNAVAILABLE', new ServiceError('Failed to start Workflow', { cause: grpcError(14, 'unavailable') }), 503, 'temporal_unavailable'],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' }), 503, 'temporal_unavailable'],
    ['gRPC INVALID_ARGUMENT', grpcError(3, '3 INVALID_ARGUMENT: bad query'), 500, 'internal_error'],
    ['anything else', new TypeError('x is undefined'), 500, 'internal_error'],
    ['a thrown string', 'boom', 500, 'internal_error'],
  ])('maps %s', (_label, error, status, code) => {
    const mapped = toApiError(error);
    expect([mapped.status, mapped.code]).toEqual([status, code]);
  });

  it('keeps the existing onboarding id on already_exists and hides internals on 500', () => {
    expect(toApiError(new WorkflowExecutionAlreadyStartedError('dup', 'onboarding-E1', 'onboardingWorkflow')).details.id).toBe('onboarding-E1');
    expect(toApiError(new Error('secret stack detail')).message).not.toContain('secret');
  });
});

describe('parseOnboardingId', () => {
  it.each(['onboarding-E1', 'onboarding-a.b_c-d', `onboarding-${'a'.repeat(64)}`])('accepts %s', (id) => {
    expect(parseOnboardingId(id)).toBe(id);
  });
  it.each(['E1', 'onboarding-', 'onboarding--x', 'onboarding-a b', `onboarding-${'a'.repeat(65)}`, 'onboarding-../x', 'ONBOARDING-E1'])('404s %s', (id) => {
    expect(() => parseOnboardingId(id)).toThrow(expect.objectContaining({ status: 404, code: 'not_found' }) as Error);
  });
});

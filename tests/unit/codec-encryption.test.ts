import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, type FailureConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { clientDataConverter } from '@/common/codec/data-converter';
import { failureConverter } from '@/common/codec/failure-converter';
import { ENCRYPTED_ENCODING, EncryptionCodec, METADATA_KEY_ID } from '@/common/codec/encryption-codec';
import { keyringOf, loadPayloadKeyring, parsePayloadKeys, readOrCreateKeyFile } from '@/common/codec/keys';

const OLD_KEY = `old:${Buffer.alloc(32, 1).toString('base64')}`;
const NEW_KEY = `new:${Buffer.alloc(32, 2).toString('base64')}`;
const hire = { fullName: 'Zoë O’Brien', email: 'zoe.obrien@example.com' };

function codecFor(keys: string): EncryptionCodec {
  return new EncryptionCodec(keyringOf(parsePayloadKeys(keys), 'environment'));
}
function text(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
}

describe('EncryptionCodec', () => {
  it('round-trips a payload and leaves no plaintext behind', async () => {
    const codec = codecFor(NEW_KEY);
    const payload = defaultPayloadConverter.toPayload(hire);
    const [encoded] = await codec.encode([payload]);
    expect(text(encoded?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded?.metadata?.[METADATA_KEY_ID])).toBe('new');
    expect(text(encoded?.data)).not.toContain('zoe.obrien');
    expect(text(encoded?.data)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(hire);
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = codecFor(NEW_KEY);
    const payload = defaultPayloadConverter.toPayload(hire);
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.compare(Buffer.from(a!.data!), Buffer.from(b!.data!))).not.toBe(0);
  });

  it('decrypts payloads written with an older key after rotation, and encrypts with the first key', async () => {
    const [oldPayload] = await codecFor(OLD_KEY).encode([defaultPayloadConverter.toPayload(hire)]);
    const rotated = codecFor(`${NEW_KEY},${OLD_KEY}`);
    const [decoded] = await rotated.decode([oldPayload!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(hire);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(hire)]);
    expect(text(fresh?.metadata?.[METADATA_KEY_ID])).toBe('new');
  });

  it('names the missing key when a payload was encrypted with a key that is no longer configured', async () => {
    const [oldPayload] = await codecFor(OLD_KEY).encode([defaultPayloadConverter.toPayload(hire)]);
    await expect(codecFor(NEW_KEY).decode([oldPayload!])).rejects.toThrow(/key "old".*PAYLOAD_ENCRYPTION_KEYS/);
  });

  it('refuses a tampered payload and a payload relabelled to another key', async () => {
    const codec = codecFor(`${NEW_KEY},${OLD_KEY}`);
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(hire)]);
    const tampered: Payload = { ...encoded, data: Buffer.from(encoded!.data!) };
    tampered.data![20]! ^= 1;
    await expect(codec.decode([tampered])).rejects.toThrow(/authentication/);
    const relabelled: Payload = { ...encoded, metadata: { ...encoded!.metadata, [METADATA_KEY_ID]: Buffer.from('old') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/authentication/);
  });

  it('passes payloads that were never encrypted through unchanged', async () => {
    const plain = defaultPayloadConverter.toPayload(hire);
    const [decoded] = await codecFor(NEW_KEY).decode([plain]);
    expect(decoded).toBe(plain);
  });

  it('encodes failure messages so the codec encrypts them', async () => {
    const converter = clientDataConverter({ keys: NEW_KEY, dataDir: tmpdir() });
    const failure = converter.failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable(`Mailbox ${hire.email} does not exist`, 'RejectedInput'),
      converter.payloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(text(failure.encodedAttributes?.data)).toContain(hire.email);
    const [encrypted] = await converter.payloadCodecs[0]!.encode([failure.encodedAttributes!]);
    expect(text(encrypted?.data)).not.toContain(hire.email);
  });
});

describe('failure converters', () => {
  it('the worker copy (plain JS, loaded by path) encodes failures like the TypeScript one', async () => {
    const workerCopy = (await import('@/common/codec/failure-converter.js')) as { failureConverter: FailureConverter };
    const error = ApplicationFailure.nonRetryable('Mailbox zoe@example.com is full', 'RejectedInput');
    const fromWorker = workerCopy.failureConverter.errorToFailure(error, defaultPayloadConverter);
    const fromWeb = failureConverter.errorToFailure(error, defaultPayloadConverter);
    expect(fromWorker.message).toBe('Encoded failure');
    expect(fromWorker.encodedAttributes).toEqual(fromWeb.encodedAttributes);
  });
});

describe('payload keys', () => {
  it.each([
    ['', /at least one key/],
    ['nokey', /keyId:base64/],
    [':abc', /keyId:base64/],
    ['k1:not-base64!', /32 random bytes/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /32 random bytes/],
    [`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 3).toString('base64')}`, /appears twice/],
  ])('rejects %j with a message naming the variable', (value, problem) => {
    expect(() => parsePayloadKeys(value)).toThrow(problem);
    expect(() => parsePayloadKeys(value)).toThrow(/^PAYLOAD_ENCRYPTION_KEYS: /);
  });

  it('never quotes key material in an error', () => {
    const secretish = `k1:${Buffer.alloc(31, 7).toString('base64')}`;
    expect(() => parsePayloadKeys(secretish)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secretish.slice(3)) as string }));
  });

  it('creates one private key file on first use and reads the same key afterwards', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'codec-keys-')), 'nested');
    const first = readOrCreateKeyFile(dataDir);
    const second = readOrCreateKeyFile(dataDir);
    expect(first).toHaveLength(1);
    expect(second[0]!.id).toBe(first[0]!.id);
    expect(second[0]!.key.equals(first[0]!.key)).toBe(true);
    const file = path.join(dataDir, 'payload-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^local-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=\n$/);
  });

  it('prefers PAYLOAD_ENCRYPTION_KEYS over the key file', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'codec-keys-'));
    const keyring = loadPayloadKeyring({ keys: `${NEW_KEY},${OLD_KEY}`, dataDir });
    expect(keyring.encrypting.id).toBe('new');
    expect([...keyring.byId.keys()]).toEqual(['new', 'old']);
    expect(keyring.source).toBe('environment');
  });
});

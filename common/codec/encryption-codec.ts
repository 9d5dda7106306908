/**
 * AES-256-GCM payload codec: everything the SDK turns into a payload (workflow input and result,
 * activity input and result, memo, signal/update/query arguments, encoded failure messages) is stored
 * in Temporal as ciphertext. The key ID travels in the payload metadata, so old payloads still decrypt
 * after a new key is put first (rotation).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyring } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const PayloadProto = temporal.api.common.v1.Payload;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {}

  get encryptingKeyId(): string {
    return this.keyring.encrypting.id;
  }

  // The work is synchronous; a Promise executor turns a throw into a rejection, as callers expect.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload))));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keyring.encrypting;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key ID is authenticated too, so a payload cannot be relabelled to another key unnoticed.
    cipher.setAAD(utf8.encode(id));
    const plaintext = PayloadProto.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: utf8.encode(id),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    // Payloads written before encryption was switched on are read as they are.
    if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const rawKeyId = payload.metadata?.[METADATA_KEY_ID];
    const keyId = rawKeyId ? fromUtf8.decode(rawKeyId) : '';
    const key = this.keyring.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `Payload encrypted with key "${keyId}", which is not configured: add it to PAYLOAD_ENCRYPTION_KEYS (after the current key) to read it`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('Encrypted payload is truncated');
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const ciphertext = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(utf8.encode(keyId));
    decipher.setAuthTag(tag);
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`Encrypted payload failed authentication with key "${keyId}" (tampered or wrong key)`);
    }
    return PayloadProto.decode(plaintext);
  }
}

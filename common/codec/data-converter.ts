/**
 * The data converters both processes use, built around one keyring per process.
 * The web side gets an already-loaded converter (Next bundles this code, so nothing may be required by
 * path); the worker uses `workerDataConverter` in common/codec/worker.ts, which adds the failure converter
 * by path so the workflow bundle encodes its own failures the same way.
 */
import { defaultPayloadConverter, type LoadedDataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { failureConverter } from './failure-converter';
import { loadPayloadKeyring, type PayloadKeySettings } from './keys';

const codecs = new Map<string, EncryptionCodec>();

/** The process's codec for these settings; the key file is read (or created) once. */
export function getEncryptionCodec(settings: PayloadKeySettings): EncryptionCodec {
  const cacheKey = `${settings.dataDir}\u0000${settings.keys ?? ''}`;
  let codec = codecs.get(cacheKey);
  if (!codec) {
    codec = new EncryptionCodec(loadPayloadKeyring(settings));
    codecs.set(cacheKey, codec);
  }
  return codec;
}

/** Settings from the environment: PAYLOAD_ENCRYPTION_KEYS, else the key file in the data folder. */
export function payloadKeySettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): PayloadKeySettings {
  return { keys: env.PAYLOAD_ENCRYPTION_KEYS, dataDir };
}

/** For `new Client({ dataConverter })` and the codec endpoint. */
export function clientDataConverter(settings: PayloadKeySettings): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter,
    payloadCodecs: [getEncryptionCodec(settings)],
  };
}

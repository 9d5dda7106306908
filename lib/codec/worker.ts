/**
 * The worker's data converter. Never imported by the web app: it resolves the failure converter by
 * path, which the SDK `require`s in the worker and bundles into the workflow code.
 */
import type { DataConverter } from '@temporalio/common';
import { getEncryptionCodec } from './data-converter';
import type { PayloadKeySettings } from './keys';

export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** For `Worker.create({ dataConverter })`, `bundleWorkflowCode({ failureConverterPath })` and the worker's Client. */
export function workerDataConverter(settings: PayloadKeySettings): DataConverter {
  return {
    payloadCodecs: [getEncryptionCodec(settings)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

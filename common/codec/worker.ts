/**
 * The worker's data converter. Never imported by the web app: it resolves the failure converter by
 * path, which the SDK `require`s in the worker and bundles into the workflow code.
 */
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { getEncryptionCodec } from './data-converter';
import type { PayloadKeySettings } from './keys';

/** Plain JavaScript on purpose: see the comment in that file. */
export const FAILURE_CONVERTER_PATH = path.join(__dirname, 'failure-converter.js');

/** For `Worker.create({ dataConverter })`, `bundleWorkflowCode({ failureConverterPath })` and the worker's Client. */
export function workerDataConverter(settings: PayloadKeySettings): DataConverter {
  return {
    payloadCodecs: [getEncryptionCodec(settings)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

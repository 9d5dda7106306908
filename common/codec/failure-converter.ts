/**
 * Loaded by path (`failureConverterPath`) in the worker and bundled into the workflow code, so it must
 * stay workflow-safe: no Node built-ins, nothing but @temporalio/common.
 * Failure messages and stack traces can quote personal data (an address a mail server rejected), so
 * they travel as an encoded payload that the encryption codec then encrypts.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

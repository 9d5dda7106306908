'use strict';
/**
 * The worker's copy of common/codec/failure-converter.ts, as plain CommonJS: the SDK `require`s the
 * failure converter by path in the worker's main thread (where Node cannot load TypeScript when the
 * worker runs under a test runner) and bundles it into the workflow code. Keep the two identical;
 * tests/unit/codec-encryption.test.ts checks they agree.
 */
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

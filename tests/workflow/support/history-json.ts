/**
 * History files in the JSON format other Temporal tools write (the CLI's `workflow show -o json`, the
 * Web UI's download). The SDK's own helpers (`@temporalio/common/lib/proto-utils`) fail with "type must be
 * a Type" when npm installs several copies of protobufjs 8 (it nests one under each @temporalio package
 * because @grpc/proto-loader pins protobufjs 7 at the top): they pair one copy's JSON codec with another
 * copy's types. So these use the SDK helpers when they work and otherwise the codec of the copy
 * @temporalio/proto itself was built with.
 */
import { createRequire } from 'node:module';
import type * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { historyFromJSON as sdkHistoryFromJSON, historyToJSON as sdkHistoryToJSON } from '@temporalio/common/lib/proto-utils';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

interface ProtoRoot {
  lookupType(name: string): { fromObject(object: unknown): unknown };
}

function protoCopyCodec(): { protojson: ProtoJson; historyType: ReturnType<ProtoRoot['lookupType']> } {
  // Plain Node resolution on purpose: a bundler's ES-module wrapper of @temporalio/proto is not the protobufjs root.
  const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
  const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
  const root = patchProtobufRoot(requireFromProto('@temporalio/proto') as Record<string, unknown>) as unknown as ProtoRoot;
  return { protojson, historyType: root.lookupType('temporal.api.history.v1.History') };
}

export function historyToJSON(history: History): string {
  try {
    return sdkHistoryToJSON(history);
  } catch {
    const { protojson, historyType } = protoCopyCodec();
    return JSON.stringify(protojson.toJson(historyType, historyType.fromObject(history)), null, 2);
  }
}

export function historyFromJSON(json: unknown): History {
  try {
    return sdkHistoryFromJSON(json);
  } catch {
    const { protojson, historyType } = protoCopyCodec();
    const loaded = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
    if (loaded === null || typeof loaded !== 'object') throw new TypeError('Invalid history file');
    return loaded;
  }
}

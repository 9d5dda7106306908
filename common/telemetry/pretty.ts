/**
 * A structured log line (JSON, as common/telemetry/logger.ts writes it) as one short line a person reads:
 * `12:00:01 WARN  [worker] message key=value`. Anything that is not such a line comes back unchanged.
 * No dependencies: the process supervisor (scripts/lib/stack.ts) uses it on its children's output too.
 */
const PRETTY_SKIP = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

export function prettyLine(line: string, { service = true }: { service?: boolean } = {}): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof parsed !== 'object' || parsed === null || !('msg' in parsed) || !('level' in parsed)) return line;
  const record = parsed as Record<string, unknown>;
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const level = text(record.level).toUpperCase().padEnd(5);
  const extras = Object.entries(record)
    .filter(([key]) => !PRETTY_SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level, service ? `[${text(record.service)}]` : '', text(record.msg), ...extras].filter(Boolean).join(' ');
}

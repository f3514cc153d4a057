// Timestamps the apiserver puts before each log line with `timestamps=true` (RFC 3339, nanoseconds, trailing zeros cut).

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** A line as the apiserver sends it with `timestamps=true`: the timestamp, a space, the text. */
export interface TimestampedLine {
  /** The timestamp as sent (undefined when the line had none). */
  readonly ts: string | undefined;
  /** A fixed-width UTC key that sorts like the instant (nanosecond precision), or undefined. */
  readonly key: string | undefined;
  readonly text: string;
}

/** Turns an RFC 3339 timestamp into a key that compares as a string (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnn`). */
export function timestampKey(ts: string): string | undefined {
  const m = RFC3339.exec(ts);
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  if (m[3] === 'Z') return `${m[1]}.${frac}`;
  // An offset moves whole minutes, so only the seconds part needs converting.
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}`;
}

/** Splits `2026-01-02T03:04:05.123456789Z text` into timestamp and text; a line without one keeps all its text. */
export function splitTimestamp(line: string): TimestampedLine {
  const space = line.indexOf(' ');
  if (space > 0 && space <= 40) {
    const ts = line.slice(0, space);
    const key = timestampKey(ts);
    if (key) return { ts, key, text: line.slice(space + 1) };
  }
  return { ts: undefined, key: undefined, text: line };
}

/** The `sinceTime` to resume from: the apiserver passes whole seconds on to the kubelet, so round down. */
export function resumeSinceTime(key: string): string {
  return `${key.slice(0, 19)}Z`;
}

/** Epoch milliseconds of a key (for display and the timeline). */
export function keyToEpochMs(key: string): number {
  return Date.parse(`${key.slice(0, 23)}Z`);
}

// The one structured logger of the host and pipe-events: one JSON object per line, child fields, secrets redacted.

/** Log severities in increasing order. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A logger bound to a set of fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line (e.g. `{ deliveryId }`, `{ context }`). */
  child(fields: Record<string, unknown>): Logger;
}

/** Where a log line goes (one JSON object, no newline). */
export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Field names whose values are secrets, wherever they appear. */
const SECRET_KEY = /(token|secret|password|passphrase|authorization|cookie|private[-_]?key|client[-_]?key|^key$|signature|credential)/i;
/** Secret-looking text inside values: bearer/basic headers, JWTs, GitHub tokens, PEM keys, token query parameters. */
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}/g, '[redacted-token]'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted-key]'],
  [/([?&](?:token|access_token|id_token|code|secret)=)[^&\s"]+/gi, '$1[redacted]'],
];

/** stdout, one line each (pipe-events: containers log stdout). */
export const stdoutSink: LogSink = (l) => void process.stdout.write(l + '\n');
/** stderr, one line each (the desktop host: stdout carries the browser-mode URL). */
export const stderrSink: LogSink = (l) => void process.stderr.write(l + '\n');

/** Creates a root logger writing lines at or above `level` to `sink`. */
export function createLogger(level: LogLevel = 'info', sink: LogSink = stderrSink, base: Record<string, unknown> = {}): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < min) return;
    const record = { time: new Date().toISOString(), level: lvl, msg: redactText(msg), ...redact(base), ...redact(fields ?? {}) };
    sink(JSON.stringify(record, errorReplacer));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }),
  };
}

/** A logger that drops everything (tests, benches). */
export const silentLogger: Logger = createLogger('error', () => undefined);

/** Replaces secret-looking text (tokens, keys, auth headers) in a string. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

function redactValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return redactText(v);
  if (v instanceof Error) return v;
  if (Array.isArray(v)) return depth < 3 ? v.map((x) => redactValue(x, depth + 1)) : '[…]';
  if (v && typeof v === 'object') return depth < 3 ? redact(v as Record<string, unknown>, depth + 1) : '[…]';
  return v;
}

function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '[redacted]' : redactValue(v, depth);
  return out;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redactText(value.message), ...(code !== undefined ? { code } : {}) };
  }
  return value;
}

// pipe-events logs through the one Node logger (src-node/log): JSON lines on stdout, child fields, secrets redacted.
import { createLogger as createNodeLogger, stdoutSink, type LogLevel, type LogSink, type Logger } from '../../src-node/log/logger';

export { silentLogger, type LogLevel, type LogSink, type Logger } from '../../src-node/log/logger';

/** Creates the service's root logger (stdout by default: containers log there). */
export function createLogger(level: LogLevel = 'info', sink: LogSink = stdoutSink, base: Record<string, unknown> = {}): Logger {
  return createNodeLogger(level, sink, base);
}

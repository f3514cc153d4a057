// The host logs through the one Node logger (src-node/log): JSON lines on stderr (stdout carries the browser-mode
// URL), child fields, secrets redacted.
export { createLogger, silentLogger, type LogLevel, type LogSink, type Logger } from '../../src-node/log/logger';

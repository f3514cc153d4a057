// Entry point (`npm run service`): load config, start, stop gracefully on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config/load-config';
import { createLogger } from './log/logger';
import { startService } from './service';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, undefined, {
    service: 'pipe-events',
    replica: config.identity,
  });
  const service = await startService(config, logger);
  const shutdown = (signal: string): void => {
    logger.info('signal received', { signal });
    const hardStop = setTimeout(() => process.exit(1), (config.shutdownTimeoutSeconds + 5) * 1000);
    hardStop.unref();
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`pipe-events failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

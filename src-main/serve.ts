// Browser-mode entry: the host in plain Node, served to a browser on loopback.
import { loadConfig } from './config';
import { startHost } from './host/bootstrap';
import { startBrowserServer } from './transports/browser-server';

/** Starts host + server; resolves with a stop function. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const config = loadConfig(env);
  const host = await startHost(config, { mode: 'browser' });
  const server = await startBrowserServer(host.rpc, {
    port: config.port,
    rendererDir: config.rendererDir,
    onUnexpectedError: (where, err) => host.log.error('browser-mode request failed', { where, error: String(err) }),
  });
  process.stdout.write(
    `PIPE Desktop (browser mode) is running on 127.0.0.1. Open:\n  ${server.url}\n` +
      `(${server.hostName} is this machine: browsers resolve *.localhost to loopback; a fresh name every launch.)\n`,
  );
  return async () => {
    await server.close();
    await host.dispose();
  };
}

const isMain = process.argv[1] && /serve\.(js|ts|mjs)$/.test(process.argv[1]);
if (isMain) {
  serve().then(
    (stop) => {
      const shutdown = (): void => {
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (err: unknown) => {
      process.stderr.write(`PIPE Desktop could not start: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}

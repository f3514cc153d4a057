// Wires the host: services, handlers and the RPC host. Used by both the Electron and the browser entry.
import { contract, type Contract, type HostHandlers } from '../../src-shared/contract';
import { RpcHost } from './rpc-host';
import { ServiceContainer } from './service-container';
import { ShellEvents } from './shell-events';
import { NoticeCenter } from '../services/notice-center';
import { SettingsStore } from '../services/settings-store';
import { createAppHandlers } from '../handlers/app-handlers';
import { createSettingsHandlers } from '../handlers/settings-handlers';
import { createClustersModule } from '../clusters/clusters-module';
import { createLogsModule } from '../logs/logs-module';
import type { HostConfig } from '../config';
import { createLogger, type Logger } from '../util/logger';

/** Everything a transport needs from a running host. */
export interface Host {
  readonly rpc: RpcHost<Contract>;
  readonly config: HostConfig;
  readonly log: Logger;
  readonly services: ServiceContainer;
  /** Requests from the desktop shell to the UI (menu commands, deep links). */
  readonly shellEvents: ShellEvents;
  dispose(): Promise<void>;
}

/** Options that differ between the desktop and browser entries. */
export interface HostOptions {
  readonly mode: 'electron' | 'browser';
  readonly openExternal?: (url: string) => Promise<void>;
  readonly log?: Logger;
}

/** Creates and starts the host services and returns the RPC host over them. */
export async function startHost(config: HostConfig, options: HostOptions): Promise<Host> {
  const log = options.log ?? createLogger(config.logLevel);
  const services = new ServiceContainer();
  const notices = new NoticeCenter();
  const settings = services.add('settings', new SettingsStore(config.appDataDir, notices));
  await settings.load();
  const clusters = createClustersModule(config, settings, services, log);
  const shellEvents = new ShellEvents();
  const logs = createLogsModule(clusters.registry, services);

  const handlers: HostHandlers = {
    app: createAppHandlers({
      config,
      mode: options.mode,
      notices,
      startedAt: Date.now(),
      shellEvents,
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    }),
    settings: createSettingsHandlers(settings),
    clusters: clusters.handlers,
    logs: logs.handlers,
  };

  await services.start();
  const rpc = new RpcHost(contract, handlers, {
    onInternalError: (method, err) => log.error('handler failed', { method, error: String(err) }),
  });
  return { rpc, config, log, services, shellEvents, dispose: () => services.dispose() };
}

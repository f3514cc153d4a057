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
import type { ExportLocationPicker } from '../clusters/export-location';
import type { FolderPicker } from '../pipelines/folder-picker';
import { createAuthModule } from '../auth/auth-module';
import type { CredentialStore } from '../auth/credential-store';
import { createLogsModule } from '../logs/logs-module';
import { createLocalPipeModule } from '../local-pipe/local-pipe-module';
import { createRunsHandlers } from '../runs/runs-handlers';
import type { DesktopNotifier } from '../runs/desktop-notifier';
import { RunNotifier } from '../runs/run-notifier';
import { createRunNotificationsHandlers, watchRunFromHandler } from '../runs/run-notifications-handlers';
import { createPipeEventsModule } from '../pipe-events/pipe-events-module';
import { createDispatchHandlers } from '../dispatch/dispatch-handlers';
import { createTerminalModule } from '../terminal/terminal-module';
import { PipelineWorkspaces } from '../pipelines/pipeline-workspaces';
import { createPipelinesHandlers } from '../pipelines/pipelines-handlers';
import type { HostConfig } from '../config';
import { disabledUpdates, type UpdateSource } from '../updates/update-source';
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
  /** The desktop app's credential store (Electron safeStorage); browser mode uses the OS keychain library. */
  readonly openCredentialStore?: () => Promise<{ store: CredentialStore; reason?: string }>;
  readonly log?: Logger;
  /** Where exported kubeconfigs go (Electron: a native save dialog); default the app's exports folder. */
  readonly exportPicker?: ExportLocationPicker;
  /** The editor's "Choose folder…" (Electron: a native open dialog); browser mode has none. */
  readonly folderPicker?: FolderPicker;
  /** Self-update (the packaged desktop app only); off with a reason otherwise. */
  readonly startUpdates?: (log: Logger, channel: 'stable' | 'beta') => UpdateSource & { setChannel(c: 'stable' | 'beta'): void; dispose(): void };
  /** Desktop notifications from the host (Electron's `Notification`); browser mode has none (the page notifies). */
  readonly desktopNotifier?: DesktopNotifier;
}

/** Creates and starts the host services and returns the RPC host over them. */
export async function startHost(config: HostConfig, options: HostOptions): Promise<Host> {
  const log = options.log ?? createLogger(config.logLevel);
  const services = new ServiceContainer();
  const notices = new NoticeCenter();
  const settings = services.add('settings', new SettingsStore(config.appDataDir, notices));
  await settings.load();
  const clusters = createClustersModule(config, settings, services, log, options.exportPicker ? { exportPicker: options.exportPicker } : {});
  const auth = createAuthModule(config, clusters, services, notices, log, {
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    ...(options.openCredentialStore ? { openStore: options.openCredentialStore } : {}),
  });
  const shellEvents = new ShellEvents();
  const updates = startUpdates(options, settings, services, log);
  const terminal = createTerminalModule(config, settings, clusters, services, log);
  const logs = createLogsModule(clusters.registry, services, () => clusters.profile.profile);
  const pipelineWorkspaces = services.add('pipeline-workspaces', new PipelineWorkspaces());
  const pipeEvents = createPipeEventsModule(config, clusters);
  const localPipe = createLocalPipeModule(clusters, auth.auth, services, log);
  const runs = createRunsHandlers({ registry: clusters.registry });
  const runNotifier = services.add('run-notifier', new RunNotifier({ watchRun: watchRunFromHandler(runs.watchRun), notifier: options.desktopNotifier, log }));

  const handlers: HostHandlers = {
    app: createAppHandlers({
      config,
      mode: options.mode,
      notices,
      startedAt: Date.now(),
      shellEvents,
      updates,
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    }),
    settings: createSettingsHandlers(settings),
    clusters: clusters.handlers,
    auth: auth.handlers,
    terminal: terminal.handlers,
    logs: logs.handlers,
    runs,
    pipelines: createPipelinesHandlers(pipelineWorkspaces, {
      registry: clusters.registry,
      github: () => auth.auth.github.client(),
      ...(options.folderPicker ? { folderPicker: options.folderPicker } : {}),
    }),
    pipeEvents: pipeEvents.handlers,
    dispatch: createDispatchHandlers({ registry: clusters.registry }),
    localPipe: localPipe.handlers,
    runNotifications: createRunNotificationsHandlers(runNotifier),
  };

  await services.start();
  const rpc = new RpcHost(contract, handlers, {
    onInternalError: (method, err) => log.error('handler failed', { method, error: String(err) }),
  });
  return { rpc, config, log, services, shellEvents, dispose: () => services.dispose() };
}

function startUpdates(options: HostOptions, settings: SettingsStore, services: ServiceContainer, log: Logger): UpdateSource {
  if (!options.startUpdates) {
    return disabledUpdates(options.mode === 'browser' ? 'Updates are off in browser mode.' : 'Updates are off in development builds.');
  }
  const updater = options.startUpdates(log, settings.get().updateChannel);
  const stopFollowing = settings.onDidChange((s) => updater.setChannel(s.updateChannel));
  services.add('updates', { dispose: () => (stopFollowing(), updater.dispose()) });
  return updater;
}

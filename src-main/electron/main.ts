// Electron entry: single instance, pipe-desktop:// links, app:// renderer, IPC transport to the host.
// Thin on purpose: the pure parts live in window-state.ts, app-menu.ts, navigation-policy.ts and src-shared/links.
import { app, ipcMain, Menu, net, protocol, shell, type BrowserWindow } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../config';
import { startHost, type Host } from '../host/bootstrap';
import type { DesktopNotifier } from '../runs/desktop-notifier';
import { buildAppMenuTemplate } from './app-menu';
import { resolveAppRequest, rendererDirFrom } from './app-protocol';
import { DEEP_LINK_SCHEME, describeDeepLink, findDeepLinkArg, parseDeepLink } from '../../src-shared/links/deep-link';
import { attachIpcTransport } from './ipc-transport';
import { createMainWindow, guardEveryWebContents, loadRenderer } from './main-window';
import { APP_SCHEME } from './navigation-policy';
import { windowStatePath } from './window-state-store';
import { isSmokeTest, prepareSmokeTest, runSmokeTest } from './smoke-test';
import { startAutoUpdater } from './auto-updater';
import { CREDENTIAL_HELPER_FLAG } from '../auth/auth-module';
import { runCredentialHelperCli } from '../../scripts/pipe-credential-helper.mjs';
import { openSafeStorageOrMemory } from './safe-storage-credential-store';
import { folderDialogPicker } from './folder-dialog-picker';
import { saveDialogPicker } from './save-dialog-picker';
import { electronNotifier } from './electron-notifier';
import { contentSecurityPolicy } from '../transports/content-security-policy';

const mainDir = dirname(fileURLToPath(import.meta.url));
const APP_NAME = 'PIPE Desktop';
/** `appId` in build/electron-builder.yml. */
const APP_USER_MODEL_ID = 'dev.pipe.desktop';

// Must happen before `ready`: app:// behaves like https (secure context, fetch, relative URLs).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

let host: Host | undefined;
let mainWindow: BrowserWindow | undefined;
const pendingLinks: string[] = [];
const smokeTest = isSmokeTest(process.argv);
if (smokeTest) prepareSmokeTest();
const credentialHelperAt = process.argv.indexOf(CREDENTIAL_HELPER_FLAG);

if (credentialHelperAt !== -1) {
  // kubectl's exec plugin (the app-managed kubeconfig names this executable): print one ExecCredential and exit.
  // No window and no single-instance lock; a shipped app cannot run its scripts as Node (RunAsNode fuse is off).
  app.dock?.hide();
  void runCredentialHelperCli(process.argv.slice(credentialHelperAt + 1)).then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setName(APP_NAME);
  // Every webContents, not only the main window's, gets the navigation / window.open / webview / permission lock.
  guardEveryWebContents(app, (url) => host?.log.warn('refused to open a link', { url: url.slice(0, 200) }));
  registerProtocolClient();
  const initial = findDeepLinkArg(process.argv);
  if (initial) pendingLinks.push(initial);
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    const link = findDeepLinkArg(argv);
    if (link) deliverLink(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliverLink(url);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (host) void ensureWindow(host);
  });
  app.on('will-quit', (event) => {
    if (!host) return;
    event.preventDefault();
    const stopping = host;
    host = undefined;
    void stopping.dispose().finally(() => app.quit());
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const config = loadConfig(process.env, {
    appDataDir: app.getPath('userData'),
    rendererDir: rendererDirFrom(mainDir),
    version: app.getVersion(),
  });
  host = await startHost(config, {
    mode: 'electron',
    openExternal: (url) => shell.openExternal(url),
    // Refresh tokens encrypted with the OS keychain's key; memory only where Linux has no keyring.
    openCredentialStore: () => openSafeStorageOrMemory(join(config.appDataDir, 'credentials.json')),
    exportPicker: saveDialogPicker(() => mainWindow, app.getPath('documents')),
    folderPicker: folderDialogPicker(() => mainWindow),
    // Run notifications from the main process (they arrive with the window closed); a click shows the run.
    ...notifierOption(),
    // Only an installed release updates itself; development runs and smoke tests never do.
    ...(app.isPackaged && !smokeTest ? { startUpdates: startAutoUpdater } : {}),
  });
  const rendererDir = config.rendererDir;
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(request.url, rendererDir);
    if (!resolved) return new Response('Not found', { status: 404 });
    const file = await net.fetch(pathToFileURL(resolved.file).toString());
    if (!file.ok) return new Response('Not found', { status: 404 });
    return new Response(file.body, { status: 200, headers: resolved.headers });
  });
  const running = host;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildAppMenuTemplate({
        platform: process.platform,
        appName: APP_NAME,
        isDev: !app.isPackaged,
        actions: {
          runCommand: (commandId) => running.shellEvents.emit({ kind: 'command', commandId }),
          openExternal: (url) => void shell.openExternal(url),
        },
      }),
    ),
  );
  await openWindow(running);
  for (const link of pendingLinks.splice(0)) deliverLink(link);
}

async function openWindow(running: Host): Promise<void> {
  const win = await createMainWindow({
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    stateFile: windowStatePath(running.config.appDataDir),
    title: APP_NAME,
    // Packaged: extraResources puts resources/ into process.resourcesPath (build/electron-builder.yml).
    iconPath: app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(mainDir, '..', '..', 'resources', 'icon.png'),
    onExternalLinkRefused: (url) => running.log.warn('refused to open a link', { url: url.slice(0, 200) }),
  });
  // The transport must exist before the page's preload says hello, so attach before loading.
  const detach = attachIpcTransport(ipcMain, win.webContents, running.rpc, {
    onRejected: (reason) => running.log.warn('refused an IPC message', { reason }),
  });
  mainWindow = win;
  win.on('closed', () => {
    detach();
    mainWindow = undefined;
  });
  await loadRenderer(win);
  if (smokeTest) await runSmokeTest(win, contentSecurityPolicy());
}

function notifierOption(): { desktopNotifier?: DesktopNotifier } {
  // Windows shows toasts only for the AppUserModelID its Start menu shortcut carries (the installer uses appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const notifier = electronNotifier(
    (link) => void openLinkInWindow(link),
    (error) => host?.log.warn('a desktop notification failed', { error }),
  );
  return notifier ? { desktopNotifier: notifier } : {};
}

/** Shows the window (opening it again if it was closed: macOS keeps the app running) and opens the link in it. */
async function openLinkInWindow(url: string): Promise<void> {
  if (host) await ensureWindow(host);
  deliverLink(url);
}

let windowOpening: Promise<void> | undefined;

/** Opens the window unless it is open or opening (a notification click on macOS also fires `activate`). */
function ensureWindow(running: Host): Promise<void> {
  if (mainWindow) return Promise.resolve();
  windowOpening ??= openWindow(running).finally(() => (windowOpening = undefined));
  return windowOpening;
}

function deliverLink(url: string): void {
  if (!host) {
    pendingLinks.push(url);
    return;
  }
  const link = parseDeepLink(url);
  if (!link) {
    // Not logged verbatim: a malformed link may still carry a secret (an OAuth code).
    host.log.warn('ignored a malformed pipe-desktop link', { length: url.length });
    return;
  }
  host.log.info('opening a pipe-desktop link', { target: describeDeepLink(link) });
  if (link.kind === 'open-view') host.shellEvents.emit({ kind: 'open-view', viewId: link.viewId, params: link.params });
  else host.shellEvents.emit({ kind: 'deep-link', url });
  focusWindow();
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  if (!mainWindow.isVisible()) mainWindow.show();
  mainWindow.focus();
}

function registerProtocolClient(): void {
  // In development Electron runs as `electron <script>`, so the OS must be told the script as well.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
}

function fail(err: unknown): void {
  process.stderr.write(`PIPE Desktop could not start: ${(err as Error).message ?? String(err)}\n`);
  app.exit(1);
}

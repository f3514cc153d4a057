// The one app window: remembered bounds, locked-down web preferences, navigation and window.open policy.
import { BrowserWindow, screen, shell, type App, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { restoreWindowState, MIN_WINDOW_SIZE, type WindowState } from './window-state';
import { readWindowState, writeWindowState } from './window-state-store';
import { APP_ENTRY_URL, decideContentsGuard, decideNavigation, decideWindowOpen, type ContentsGuard } from './navigation-policy';

/** Inputs for the window. */
export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly stateFile: string;
  readonly title: string;
  /** Window icon (Linux/Windows; macOS uses the bundle icon); skipped when the file is missing. */
  readonly iconPath?: string;
  readonly onExternalLinkRefused?: (url: string) => void;
}

/** The renderer's web preferences (the smoke test reports them with what the page itself can reach). */
export const LOCKED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** Creates the window at its remembered place (not loaded yet: attach the IPC transport, then `loadRenderer`). */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = restoreWindowState(await readWindowState(options.stateFile), displays, screen.getPrimaryDisplay().workArea);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: options.title,
    ...(options.iconPath && existsSync(options.iconPath) ? { icon: options.iconPath } : {}),
    show: false,
    backgroundColor: '#17191e',
    webPreferences: { ...LOCKED_WEB_PREFERENCES, preload: options.preloadPath },
  });
  if (state.isMaximized) win.maximize();
  lockDown(win.webContents, options.onExternalLinkRefused);
  rememberBounds(win, options.stateFile);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Loads the renderer from app://. */
export async function loadRenderer(win: BrowserWindow): Promise<void> {
  await win.loadURL(APP_ENTRY_URL);
}

const lockedDown = new WeakSet<WebContents>();

/**
 * Applies the lock-down to every webContents the app ever gets (other windows, DevTools, anything a library opens),
 * not only the main window's. Register before the first window is created.
 */
export function guardEveryWebContents(app: App, onRefused?: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents, onRefused, decideContentsGuard(contents.getType())));
}

/** Navigation stays on app://; http(s) links open in the system browser; nothing else loads or opens. Idempotent. */
export function lockDown(contents: WebContents, onRefused?: (url: string) => void, guard: ContentsGuard = decideContentsGuard('window')): void {
  if (lockedDown.has(contents)) return;
  lockedDown.add(contents);
  const openOutside = (url: string): void => {
    void shell.openExternal(url).catch(() => onRefused?.(url));
  };
  contents.on('will-navigate', (event, url) => {
    const decision = guard.denyAllNavigation ? 'deny' : decideNavigation(url);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openOutside(url);
    else onRefused?.(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (guard.denyAllNavigation || decideNavigation(url) !== 'allow') event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url) === 'open-external') openOutside(url);
    else onRefused?.(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

function rememberBounds(win: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capture = (): WindowState => ({ bounds: win.getNormalBounds(), isMaximized: win.isMaximized() });
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void writeWindowState(file, capture()), 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    void writeWindowState(file, capture());
  });
}

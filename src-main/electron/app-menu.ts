// The application menu as a plain template (pure; electron types only). Items that the renderer handles
// run its commands by id; their shortcuts are shown but left to the renderer (registerAccelerator: false).
import type { MenuItemConstructorOptions } from 'electron';

/** What menu items do outside the template. */
export interface MenuActions {
  /** Runs a renderer command (see src-renderer/src/shell/core-contributions.ts). */
  runCommand(commandId: string): void;
  openExternal(url: string): void;
}

/** Inputs of the template. */
export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly isDev: boolean;
  readonly actions: MenuActions;
  /** Help-menu links; an item is left out when its URL is not configured. */
  readonly docsUrl?: string;
  readonly issuesUrl?: string;
}

/** Builds the menu template for the platform. */
export function buildAppMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, appName, isDev, actions } = options;
  const isMac = platform === 'darwin';
  const command = (id: string, label: string, accelerator?: string): MenuItemConstructorOptions => ({
    id: `command:${id}`,
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => actions.runCommand(id),
  });

  const link = (id: string, label: string, url: string | undefined): MenuItemConstructorOptions[] =>
    url ? [{ id, label, click: () => actions.openExternal(url) }] : [];

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            command('settings.open', 'Settings…', 'CmdOrCtrl+,'),
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('palette.open', 'Command Palette…', 'CmdOrCtrl+K'),
      { type: 'separator' },
      { id: 'command:tabs.close', label: 'Close Tab', accelerator: 'CmdOrCtrl+W', click: () => actions.runCommand('tabs.close') },
      ...(isMac
        ? [{ role: 'close' } as MenuItemConstructorOptions]
        : [{ type: 'separator' } as MenuItemConstructorOptions, command('settings.open', 'Settings', 'CmdOrCtrl+,'), { type: 'separator' } as MenuItemConstructorOptions, { role: 'quit' } as MenuItemConstructorOptions]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('view.toggleSidebar', 'Toggle Sidebar', 'CmdOrCtrl+B'),
      command('view.toggleDock', 'Toggle Bottom Panel', 'CmdOrCtrl+J'),
      command('theme.toggle', 'Toggle Light/Dark'),
      command('go.start', 'Start Page'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(isDev ? [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'reload' } as MenuItemConstructorOptions, { role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
    ],
  };

  const window: MenuItemConstructorOptions = isMac
    ? { role: 'windowMenu' }
    : { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      ...link('help:docs', 'Documentation', options.docsUrl),
      ...link('help:issues', 'Report an Issue', options.issuesUrl),
      command('notices.show', 'Show Notices'),
      ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'about' } as MenuItemConstructorOptions]),
    ],
  };

  return [...appMenu, file, edit, view, window, help];
}

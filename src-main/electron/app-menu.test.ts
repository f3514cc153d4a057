import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildAppMenuTemplate } from './app-menu';

const flatten = (items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);

const build = (platform: NodeJS.Platform, isDev = false, urls: { docsUrl?: string } = {}) => {
  const actions = { runCommand: vi.fn(), openExternal: vi.fn() };
  const template = buildAppMenuTemplate({ platform, appName: 'PIPE Desktop', isDev, actions, ...urls });
  return { template, items: flatten(template), actions };
};

describe('buildAppMenuTemplate', () => {
  it('has an app menu on macOS only', () => {
    expect(build('darwin').template[0]?.label).toBe('PIPE Desktop');
    expect(build('linux').template[0]?.label).toBe('&File');
    expect(build('win32').items.some((i) => i.role === 'quit')).toBe(true);
  });

  it('runs renderer commands by id, leaving their shortcuts to the renderer', () => {
    const { items, actions } = build('linux');
    const palette = items.find((i) => i.id === 'command:palette.open')!;
    expect(palette.accelerator).toBe('CmdOrCtrl+K');
    expect(palette.registerAccelerator).toBe(false);
    (palette.click as () => void)();
    expect(actions.runCommand).toHaveBeenCalledWith('palette.open');
    for (const id of ['view.toggleDock', 'view.toggleSidebar', 'theme.toggle', 'settings.open', 'tabs.close']) {
      expect(items.some((i) => i.id === `command:${id}`), id).toBe(true);
    }
  });

  it('offers reload and dev tools only in development', () => {
    expect(build('linux', true).items.some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect(build('linux', false).items.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('adds help links only when configured, and opens them outside', () => {
    expect(build('linux').items.some((i) => i.id === 'help:docs')).toBe(false);
    const { items, actions } = build('linux', false, { docsUrl: 'https://example.org/docs' });
    (items.find((i) => i.id === 'help:docs')!.click as () => void)();
    expect(actions.openExternal).toHaveBeenCalledWith('https://example.org/docs');
  });
});

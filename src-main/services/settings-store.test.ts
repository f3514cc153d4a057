import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore } from './settings-store';
import { NoticeCenter } from './notice-center';
import { settingsSchema } from '../../src-shared/contract/settings';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipe-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('uses defaults when there is no file, without a notice', async () => {
    const notices = new NoticeCenter();
    const store = new SettingsStore(dir, notices);
    expect(await store.load()).toEqual(settingsSchema.parse({}));
    expect(store.get().theme).toBe('system');
    expect(notices.list()).toEqual([]);
  });

  it('writes atomically: the file is complete and no temp files remain', async () => {
    const store = new SettingsStore(dir, new NoticeCenter());
    await store.load();
    await Promise.all([store.update({ theme: 'dark' }), store.update({ logFontSize: 15 })]);
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved).toMatchObject({ theme: 'dark', logFontSize: 15 });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    const again = new SettingsStore(dir, new NoticeCenter());
    expect((await again.load()).theme).toBe('dark');
  });

  it('notifies listeners after the write', async () => {
    const store = new SettingsStore(dir, new NoticeCenter());
    const listener = vi.fn();
    const stop = store.onDidChange(listener);
    await store.update({ theme: 'light' });
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ theme: 'light' }));
    stop();
    await store.update({ theme: 'dark' });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('moves a corrupt file aside, uses defaults and tells the user', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"theme": "dark", oops');
    const notices = new NoticeCenter();
    const store = new SettingsStore(dir, notices);
    expect((await store.load()).theme).toBe('system');
    const files = readdirSync(dir);
    expect(files).not.toContain('settings.json');
    const aside = files.find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{"theme": "dark", oops');
    expect(notices.list()).toHaveLength(1);
    expect(notices.list()[0]).toMatchObject({ level: 'warning' });
    expect(notices.list()[0]!.message).toContain(aside!);
  });

  it('treats a file with invalid values as corrupt too', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon', logFontSize: 200 }));
    const notices = new NoticeCenter();
    expect((await new SettingsStore(dir, notices).load()).theme).toBe('system');
    expect(notices.list()[0]!.message).toMatch(/theme/);
  });

  it('drops unknown keys and keeps valid ones', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'light', somethingOld: 1 }));
    const store = new SettingsStore(dir, new NoticeCenter());
    expect(await store.load()).not.toHaveProperty('somethingOld');
    expect(store.get().theme).toBe('light');
  });

  it('rejects an invalid update and keeps the old value', async () => {
    const store = new SettingsStore(dir, new NoticeCenter());
    await expect(store.update({ logFontSize: 999 })).rejects.toThrow();
    expect(store.get().logFontSize).toBe(13);
  });
});

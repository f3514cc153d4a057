import { describe, expect, it } from 'vitest';
import { formatKeybinding, isMacPlatform, matchesKeybinding, parseKeybinding } from './keybinding';

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}, code?: string) => ({
  key: k,
  code,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('keybindings', () => {
  it('Mod is Ctrl elsewhere and Cmd on macOS', () => {
    const b = parseKeybinding('Mod+K')!;
    expect(matchesKeybinding(key('k', { ctrl: true }), b, false)).toBe(true);
    expect(matchesKeybinding(key('k', { meta: true }), b, false)).toBe(false);
    expect(matchesKeybinding(key('k', { meta: true }), b, true)).toBe(true);
    expect(matchesKeybinding(key('K', { ctrl: true, shift: true }), b, false)).toBe(false);
  });

  it('falls back to the physical key when Alt changes the character', () => {
    expect(matchesKeybinding(key('∑', { alt: true }, 'KeyW'), parseKeybinding('Alt+W')!, true)).toBe(true);
  });

  it('formats per platform', () => {
    expect(formatKeybinding('Mod+Shift+P', false)).toEqual(['Ctrl', 'Shift', 'P']);
    expect(formatKeybinding('Mod+Shift+P', true)).toEqual(['⌘', '⇧', 'P']);
    expect(formatKeybinding('Escape', false)).toEqual(['Esc']);
    expect(parseKeybinding('')).toBeUndefined();
  });

  it('detects macOS', () => {
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64' })).toBe(false);
  });
});

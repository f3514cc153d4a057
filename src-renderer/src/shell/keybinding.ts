// Keyboard shortcuts as strings ("Mod+Shift+P"): parse, match a KeyboardEvent, format for display.

/** A parsed shortcut. */
export interface Keybinding {
  readonly key: string;
  readonly mod: boolean;
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

/** The parts of a KeyboardEvent a shortcut looks at. */
export type KeyEventLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & { code?: string };

/** True on Apple platforms, where Mod means Cmd. */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } = globalThis.navigator ?? {}): boolean {
  return /mac|iphone|ipad/i.test(nav.platform || nav.userAgent || '');
}

/** Parses "Mod+Shift+K"; undefined when there is no key. */
export function parseKeybinding(text: string): Keybinding | undefined {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) return undefined;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    key: key.length === 1 ? key.toLowerCase() : key,
    mod: mods.has('mod') || mods.has('cmdorctrl'),
    ctrl: mods.has('ctrl'),
    shift: mods.has('shift'),
    alt: mods.has('alt') || mods.has('option'),
  };
}

/** True when the event is the shortcut (Mod = Cmd on macOS, Ctrl elsewhere). */
export function matchesKeybinding(event: KeyEventLike, binding: Keybinding, isMac: boolean): boolean {
  const wantCtrl = binding.ctrl || (binding.mod && !isMac);
  const wantMeta = binding.mod && isMac;
  if (event.ctrlKey !== wantCtrl || event.metaKey !== wantMeta) return false;
  if (event.shiftKey !== binding.shift || event.altKey !== binding.alt) return false;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === binding.key) return true;
  // With Alt or Shift held, `key` may be a different character; fall back to the physical key.
  const code = event.code ?? '';
  return binding.key.length === 1 && (code === `Key${binding.key.toUpperCase()}` || code === `Digit${binding.key}`);
}

const KEY_NAMES: Record<string, string> = { Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Enter: '↵' };

const MAC_SYMBOLS: Record<string, string> = { mod: '⌘', ctrl: '⌃', shift: '⇧', alt: '⌥' };

/** Display parts, e.g. ["Ctrl", "Shift", "P"] or ["⌘", "⇧", "P"]. */
export function formatKeybinding(text: string, isMac: boolean): string[] {
  const b = parseKeybinding(text);
  if (!b) return [];
  const names = { mod: isMac ? MAC_SYMBOLS.mod! : 'Ctrl', ctrl: isMac ? MAC_SYMBOLS.ctrl! : 'Ctrl', shift: isMac ? MAC_SYMBOLS.shift! : 'Shift', alt: isMac ? MAC_SYMBOLS.alt! : 'Alt' };
  const parts: string[] = [];
  if (b.ctrl) parts.push(names.ctrl);
  if (b.mod && !(b.ctrl && !isMac)) parts.push(names.mod);
  if (b.alt) parts.push(names.alt);
  if (b.shift) parts.push(names.shift);
  parts.push(b.key.length === 1 ? b.key.toUpperCase() : (KEY_NAMES[b.key] ?? b.key));
  return parts;
}

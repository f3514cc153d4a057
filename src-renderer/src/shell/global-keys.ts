// Runs registered commands from their keyboard shortcuts, anywhere in the window.
import { getContributions } from './view-registry';
import { isMacPlatform, matchesKeybinding, parseKeybinding, type Keybinding } from './keybinding';
import { executeCommand } from './navigation';

const cache = new Map<string, Keybinding | undefined>();
const parsed = (text: string): Keybinding | undefined => {
  if (!cache.has(text)) cache.set(text, parseKeybinding(text));
  return cache.get(text);
};

/** Listens for shortcuts on `target`; returns the disposer. */
export function startGlobalKeybindings(target: Window = window, isMac = isMacPlatform()): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return;
    for (const command of getContributions().commands) {
      if (!command.keybinding) continue;
      const binding = parsed(command.keybinding);
      if (!binding || !matchesKeybinding(event, binding, isMac)) continue;
      if (command.when && !command.when()) continue;
      event.preventDefault();
      event.stopPropagation();
      void executeCommand(command.id);
      return;
    }
  };
  target.addEventListener('keydown', onKeyDown, true);
  return () => target.removeEventListener('keydown', onKeyDown, true);
}

// Shows a keyboard shortcut the way the platform writes it.
import type { ReactElement } from 'react';
import { formatKeybinding, isMacPlatform } from '../shell/keybinding';

/** Renders "Mod+K" as ⌘K on macOS and Ctrl+K elsewhere. */
export function Kbd({ binding }: { binding: string }): ReactElement {
  const parts = formatKeybinding(binding, isMacPlatform());
  return (
    <span className="kbd-group" aria-label={parts.join('+')}>
      {parts.map((p, i) => (
        <kbd key={i} className="kbd">
          {p}
        </kbd>
      ))}
    </span>
  );
}

// Lets panels outside the code editor reveal a place in a file and flush pending edits, without holding Monaco.
import { openTab } from './workspace-actions';

/** A place to show: 1-based line and column. */
export interface RevealTarget {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

interface CodeEditorHandle {
  reveal(target: RevealTarget): void;
  /** Pushes typed-but-debounced text into the store now (before a save). */
  flush(): void;
  /** Replaces a file's text in the editor as one undoable edit. */
  replaceText(path: string, text: string): void;
}

let handle: CodeEditorHandle | undefined;
let pendingReveal: RevealTarget | undefined;

/** Called by the code editor when it mounts; returns the unregister function. */
export function registerCodeEditor(h: CodeEditorHandle): () => void {
  handle = h;
  if (pendingReveal) {
    h.reveal(pendingReveal);
    pendingReveal = undefined;
  }
  return () => {
    if (handle === h) handle = undefined;
  };
}

/** Opens the file if needed and puts the cursor at the target. */
export async function reveal(target: RevealTarget): Promise<void> {
  await openTab(target.path);
  if (handle) handle.reveal(target);
  else pendingReveal = target;
}

/** Flushes debounced edits into the store. */
export function flushEdits(): void {
  handle?.flush();
}

/** Replaces the text of an open file (one undoable edit); false when no editor is mounted. */
export function replaceText(path: string, text: string): boolean {
  if (!handle) return false;
  handle.replaceText(path, text);
  return true;
}

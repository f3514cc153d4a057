// Saves the whole log: streamed chunk by chunk into a file the user picks (File System Access API), else as a Blob
// built from chunk strings (Chromium keeps large Blobs on disk, not in the page's heap).
import type { LogLineStore } from '../../../../src-shared/logs/line-store';
import { linesText, type LogLines } from './log-lines';

const CHUNK = 10_000;

interface WritableFile {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}
type SavePicker = (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableFile> }>;

function* chunks(store: LogLineStore, lines: LogLines): Generator<string> {
  for (let from = 0; from < lines.size; from += CHUNK) yield `${linesText(store, lines, from, from + CHUNK - 1).join('\n')}\n`;
}

/** Writes every line of the view (plain text) to a file. */
export async function downloadLog(store: LogLineStore, lines: LogLines, fileName: string): Promise<void> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    const handle = await picker({ suggestedName: fileName });
    const file = await handle.createWritable();
    for (const c of chunks(store, lines)) await file.write(c);
    await file.close();
    return;
  }
  const blob = new Blob([...chunks(store, lines)], { type: 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

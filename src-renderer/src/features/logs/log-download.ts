// Saves the whole log: streamed chunk by chunk into a file the user picks (File System Access API), else as a Blob
// built from chunk strings (Chromium keeps large Blobs on disk, not in the page's heap).
import type { LogLineStore } from '../../../../src-shared/logs/line-store';

const CHUNK = 10_000;

interface WritableFile {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}
type SavePicker = (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableFile> }>;

function* chunks(store: LogLineStore): Generator<string> {
  for (let from = store.first; from < store.end; from += CHUNK) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(store.end, from + CHUNK); i++) lines.push(store.line(i));
    yield `${lines.join('\n')}\n`;
  }
}

/** Writes every line held (plain text) to a file. */
export async function downloadLog(store: LogLineStore, fileName: string): Promise<void> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    const handle = await picker({ suggestedName: fileName });
    const file = await handle.createWritable();
    for (const c of chunks(store)) await file.write(c);
    await file.close();
    return;
  }
  const blob = new Blob([...chunks(store)], { type: 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

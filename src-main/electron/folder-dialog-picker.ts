// Electron's native "open folder" dialog for the pipeline editor's Open folder.
import { dialog, type BrowserWindow } from 'electron';
import type { FolderPicker } from '../pipelines/folder-picker';

/** Asks with a native open dialog (folders only), attached to the main window when there is one. */
export function folderDialogPicker(window: () => BrowserWindow | undefined): FolderPicker {
  return {
    async pick(title: string): Promise<string | undefined> {
      const options = { title, properties: ['openDirectory' as const, 'createDirectory' as const] };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}

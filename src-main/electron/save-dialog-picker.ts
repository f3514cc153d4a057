// Electron's native save dialog as the place exports go (the dialog itself confirms replacing a file).
import { dialog, type BrowserWindow } from 'electron';
import type { ExportLocation, ExportLocationPicker } from '../clusters/export-location';

/** Asks with a native save dialog, attached to the main window when there is one. */
export function saveDialogPicker(window: () => BrowserWindow | undefined, defaultDir: string): ExportLocationPicker {
  return {
    async pick(suggestedName: string): Promise<ExportLocation | undefined> {
      const options = {
        title: 'Export kubeconfig',
        defaultPath: `${defaultDir}/${suggestedName}`,
        filters: [{ name: 'Kubeconfig', extensions: ['yaml', 'yml'] }],
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return undefined;
      return { path: result.filePath, overwriteConfirmed: true };
    },
  };
}

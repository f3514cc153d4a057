// Where an exported kubeconfig may be written: only a place the user picked (native save dialog) or the app's own
// exports folder — never a path the renderer sends.
import { join } from 'node:path';

/** A place to write, and whether the user already agreed to replace a file there (native dialogs ask). */
export interface ExportLocation {
  readonly path: string;
  readonly overwriteConfirmed: boolean;
}

/** Asks where to save an export; undefined when the user cancelled. */
export interface ExportLocationPicker {
  pick(suggestedName: string): Promise<ExportLocation | undefined>;
}

/** Browser mode: always the app's exports folder (the renderer confirms before an existing file is replaced). */
export class ExportsFolderPicker implements ExportLocationPicker {
  constructor(private readonly dir: string) {}

  pick(suggestedName: string): Promise<ExportLocation> {
    return Promise.resolve({ path: join(this.dir, suggestedName), overwriteConfirmed: false });
  }
}

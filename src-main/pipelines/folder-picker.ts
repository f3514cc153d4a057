// Where "Open folder" gets a path from when the platform has a native picker (the desktop app's dialog).

/** Asks the user for a folder; undefined when they cancel. */
export interface FolderPicker {
  pick(title: string): Promise<string | undefined>;
}

// Tabs of the open files, the unsaved-changes guard and the "changed on disk" bar.
import type { ReactElement } from 'react';
import { editorEvents, isDirty, useActiveTab, useClosing, useTabs } from './editor-store';
import { flushEdits } from './editor-bus';
import { reloadFromDisk, requestCloseTab, saveTab } from './workspace-actions';
import { reportError } from '../../bridge/report-error';

/** The tab strip with close buttons; a dirty tab shows a dot. */
export function EditorTabs(): ReactElement {
  const tabs = useTabs();
  const active = useActiveTab();
  return (
    <div className="editor-tabs" role="tablist" aria-label="Open files">
      {tabs.map((t) => (
        <div key={t.path} className="editor-tabs__tab" data-active={t.path === active?.path ? 'true' : undefined}>
          <button type="button" role="tab" aria-selected={t.path === active?.path} title={t.path} onClick={() => editorEvents.tabActivated(t.path)}>
            {t.path.split('/').pop()}
            {isDirty(t) && <span className="editor-tabs__dirty" aria-label="unsaved changes"> ●</span>}
          </button>
          <button type="button" className="editor-tabs__close" aria-label={`Close ${t.path}`} onClick={() => requestCloseTab(t.path)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** Asks what to do with unsaved edits when their tab closes. */
export function CloseGuard(): ReactElement | null {
  const closing = useClosing();
  if (!closing) return null;
  const saveAndClose = async (): Promise<void> => {
    flushEdits();
    if (await saveTab(closing)) editorEvents.tabClosed(closing);
  };
  return (
    <div className="editor-bar editor-bar--warn" role="alertdialog" aria-label="Unsaved changes">
      <span>{closing} has unsaved changes.</span>
      <button type="button" onClick={() => void saveAndClose()}>Save and close</button>
      <button type="button" onClick={() => editorEvents.tabClosed(closing)}>Discard changes</button>
      <button type="button" onClick={() => editorEvents.closeCancelled()}>Cancel</button>
    </div>
  );
}

/** Offered when the open file changed on disk while it had unsaved edits (or a save hit a conflict). */
export function DiskChangeBar(): ReactElement | null {
  const tab = useActiveTab();
  if (!tab?.changedOnDisk) return null;
  return (
    <div className="editor-bar editor-bar--warn" role="alert">
      <span>{tab.path} changed on disk.</span>
      <button type="button" onClick={() => void reloadFromDisk(tab.path).catch((e: unknown) => reportError(`Reloading ${tab.path}`, e))}>Reload from disk</button>
      <button type="button" onClick={() => { flushEdits(); void saveTab(tab.path, true); }}>Keep mine and overwrite</button>
    </div>
  );
}

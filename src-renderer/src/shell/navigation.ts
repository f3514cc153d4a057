// Opening views and running commands from anywhere (features, the palette, shell events).
import { appActions } from '../state/store';
import type { OpenViewOptions } from '../state/layout-slice';
import type { ShellEvent } from '../../../src-shared/contract/app';
import { getContributions, runCommand } from './view-registry';
import { reportError } from '../bridge/report-error';

/** Opens (or focuses) a tab for a registered main view; returns the tab id, or undefined if no such view. */
export function openView(viewId: string, options: OpenViewOptions = {}): string | undefined {
  const view = getContributions().mainViews.find((v) => v.id === viewId);
  if (!view) return undefined;
  return appActions().viewOpened(viewId, view.title, options);
}

/** Runs a command by id, remembers it as recent, and reports a failure as a toast. */
export async function executeCommand(commandId: string): Promise<void> {
  appActions().commandRan(commandId);
  try {
    const ran = await runCommand(commandId);
    if (!ran) reportError(`Running "${commandId}"`, new Error('This command is not available right now.'));
  } catch (err) {
    reportError(`Running "${commandId}"`, err);
  }
}

/** Does what the desktop shell asked (menu item, `pipe-desktop://` link). */
export function handleShellEvent(event: ShellEvent): void {
  switch (event.kind) {
    case 'command':
      void executeCommand(event.commandId);
      return;
    case 'open-view':
      if (!openView(event.viewId, { params: event.params })) {
        reportError('Opening a link', new Error(`There is no view called "${event.viewId}".`));
      }
      return;
    case 'deep-link':
      // Auth callbacks and other link kinds get handlers with their features; until then, say what arrived.
      appActions().noticeReceived({ id: `link-${Date.now()}`, level: 'info', message: `Received link ${event.url}`, at: Date.now() });
      return;
  }
}

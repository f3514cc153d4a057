// Opening views and running commands from anywhere (features, the palette, shell events).
import { appActions } from '../state/store';
import type { OpenViewOptions } from '../state/layout-slice';
import type { ShellEvent } from '../../../src-shared/contract/app';
import { parseDeepLink, parseDeepLinkRoute, type DeepLink } from '../../../src-shared/links/deep-link';
import { getContributions, runCommand } from './view-registry';
import { reportError } from '../bridge/report-error';

/** Opens (or focuses) a tab for a registered main view (a singleton view's one tab gets the new params); returns the tab id, or undefined if no such view. */
export function openView(viewId: string, options: OpenViewOptions = {}): string | undefined {
  const view = getContributions().mainViews.find((v) => v.id === viewId);
  if (!view) return undefined;
  return appActions().viewOpened(view, options);
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
    case 'deep-link': {
      const link = parseDeepLink(event.url);
      if (link) openDeepLink(link);
      else reportError('Opening a link', new Error('This pipe-desktop link is not one PIPE Desktop understands.'));
      return;
    }
  }
}

/** The view that opens a run (`pipe-desktop://runs/…`); registered by the runs feature. */
export const RUN_VIEW_ID = 'run';

/** Routes a parsed link: a view, a run page, or (for a stray sign-in callback) a notice that never shows its code. */
export function openDeepLink(link: DeepLink): void {
  switch (link.kind) {
    case 'open-view':
      if (!openView(link.viewId, { params: link.params })) {
        reportError('Opening a link', new Error(`There is no view called "${link.viewId}".`));
      }
      return;
    case 'run': {
      const params = { cluster: link.cluster, namespace: link.namespace, name: link.name };
      if (!openView(RUN_VIEW_ID, { params })) {
        reportError('Opening a run link', new Error(`Run ${link.namespace}/${link.name} on ${link.cluster}: this build has no run page to open it in.`));
      }
      return;
    }
    case 'auth-callback':
      // Sign-in completes on its loopback listener; a callback arriving here is stale. Its params are secrets.
      reportError('Signing in', new Error('A sign-in link arrived, but no sign-in is waiting for it. Start the sign-in again.'));
      return;
  }
}

/** Browser mode's URL route: `#/runs/<cluster>/<namespace>/<name>` (and any link grammar route) opens its target. */
export function startHashRoutes(location: Pick<Location, 'hash'>, target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  const route = (): void => {
    const hash = location.hash.replace(/^#\/?/, '');
    if (hash === '') return;
    const link = parseDeepLinkRoute(hash);
    if (link && link.kind !== 'auth-callback') openDeepLink(link);
    else reportError('Opening a link', new Error('This address is not one PIPE Desktop understands.'));
  };
  route();
  target.addEventListener('hashchange', route);
  return () => target.removeEventListener('hashchange', route);
}

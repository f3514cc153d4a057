// The status bar: host connection, app version and mode, theme switch, notices.
import type { ReactElement } from 'react';
import { useAppInfo, useConnection, useEffectiveTheme, useUndismissedNotices, useNotices } from '../state/selectors';
import { executeCommand, openView } from './navigation';
import { Icon } from '../ui/icon';
import { UpdateStatus } from './update-status';
import { useStatusBarItems } from './view-registry';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected — retrying',
} as const;

/** The bar at the bottom of the window. */
export function StatusBar(): ReactElement {
  const { status, problem } = useConnection();
  const info = useAppInfo();
  const theme = useEffectiveTheme();
  const notices = useNotices();
  const unread = useUndismissedNotices();
  const items = useStatusBarItems();
  const title =
    status === 'disconnected'
      ? `${problem ?? 'The host is not answering.'} If you restarted the host, open the new URL it printed.`
      : status === 'connected' && info
        ? `Host ${info.mode === 'electron' ? 'in the desktop app' : 'in browser mode'} on ${info.platform}`
        : 'Connecting to the host';
  return (
    <footer className="statusbar" aria-label="Status bar">
      <span className={`statusbar__item statusbar__conn statusbar__conn--${status}`} role="status" title={title} data-connection={status}>
        <span className="statusbar__dot" aria-hidden="true" />
        {CONNECTION_TEXT[status]}
      </span>
      {info && <span className="statusbar__item statusbar__muted">{info.mode === 'electron' ? 'Desktop' : 'Browser mode'}</span>}
      <span className="statusbar__spacer" />
      {items.map(({ id, component: Item }) => (
        <Item key={id} />
      ))}
      <UpdateStatus />
      <button
        type="button"
        className="statusbar__item statusbar__button"
        onClick={() => void executeCommand('theme.toggle')}
        aria-label={`Theme: ${theme}. Switch to ${theme === 'dark' ? 'light' : 'dark'}`}
        title="Switch light/dark theme"
      >
        <Icon name={theme === 'dark' ? 'moon' : 'sun'} size={14} />
      </button>
      <button
        type="button"
        className={unread.length ? 'statusbar__item statusbar__button statusbar__button--attention' : 'statusbar__item statusbar__button'}
        onClick={() => openView('notices')}
        aria-label={`Notices: ${notices.length}, ${unread.length} unread`}
        title="Show notices"
        data-testid="notices-count"
      >
        <Icon name="bell" size={14} />
        {notices.length}
      </button>
      <span className="statusbar__item statusbar__muted" data-testid="app-version">
        {info ? `v${info.version}` : ''}
      </span>
    </footer>
  );
}

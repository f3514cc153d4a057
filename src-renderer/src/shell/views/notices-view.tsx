// Every notice the host raised this session, newest first.
import type { ReactElement } from 'react';
import { useNotices } from '../../state/selectors';
import { appActions } from '../../state/store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icon';

/** The Notices view. */
export function NoticesView(): ReactElement {
  const notices = useNotices();
  if (!notices.length) {
    return (
      <EmptyState icon="bell" title="No notices">
        <p>When PIPE Desktop needs to tell you something — a settings file it had to reset, a cluster it cannot reach — it shows up here.</p>
      </EmptyState>
    );
  }
  return (
    <div className="page">
      <div className="page__toolbar">
        <h1 className="page__title">Notices</h1>
        <button type="button" className="btn" onClick={() => appActions().allNoticesDismissed()}>
          Dismiss all
        </button>
      </div>
      <ul className="notice-list">
        {[...notices].reverse().map((n) => (
          <li key={n.key} className={`notice-list__item notice-list__item--${n.level}`}>
            <Icon name={n.level} />
            <span className="notice-list__message">{n.message}</span>
            <time className="notice-list__time" dateTime={new Date(n.at).toISOString()}>
              {new Date(n.at).toLocaleTimeString()}
            </time>
          </li>
        ))}
      </ul>
    </div>
  );
}

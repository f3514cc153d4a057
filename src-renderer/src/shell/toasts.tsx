// Notices from the host as toasts: errors and warnings stay until dismissed, info fades after a few seconds.
import { useEffect, type ReactElement } from 'react';
import { useUndismissedNotices } from '../state/selectors';
import { appActions } from '../state/store';
import type { ReceivedNotice } from '../state/notices-slice';
import { openView } from './navigation';
import { Icon } from '../ui/icon';

const VISIBLE = 3;
/** How long an info toast stays. */
export const INFO_TOAST_MS = 6000;

/** The toast stack in the bottom-right corner. */
export function Toasts(): ReactElement {
  const notices = useUndismissedNotices();
  const shown = notices.slice(-VISIBLE).reverse();
  const hidden = notices.length - shown.length;
  return (
    <div className="toasts" aria-label="Notifications">
      <div aria-live="polite" className="toasts__stack">
        {shown.map((n) => (
          <Toast key={n.key} notice={n} />
        ))}
      </div>
      {hidden > 0 && (
        <button type="button" className="toasts__more" onClick={() => openView('notices')}>
          {hidden} more notice{hidden === 1 ? '' : 's'}…
        </button>
      )}
    </div>
  );
}

function Toast({ notice }: { notice: ReceivedNotice }): ReactElement {
  useEffect(() => {
    if (notice.level !== 'info') return;
    const timer = setTimeout(() => appActions().noticeDismissed(notice.key), INFO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <div className={`toast toast--${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
      <Icon name={notice.level} />
      <p className="toast__message">{notice.message}</p>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => appActions().noticeDismissed(notice.key)}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}

// Notices from the host (shown as toasts until dismissed), bounded.
import type { StateCreator } from 'zustand';
import type { AppState } from './store';
import type { Notice } from '../../../src-shared/contract/app';

/** A notice plus a key that stays unique across host restarts (ids restart at n1). */
export interface ReceivedNotice extends Notice {
  readonly key: string;
}

export interface NoticesSlice {
  readonly notices: readonly ReceivedNotice[];
  readonly dismissedNoticeKeys: ReadonlySet<string>;
  noticeReceived(notice: Notice): void;
  noticeDismissed(key: string): void;
  allNoticesDismissed(): void;
}

/** How many notices the renderer keeps. */
export const MAX_NOTICES = 100;

/** Creates the notices slice. */
export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  dismissedNoticeKeys: new Set(),
  noticeReceived: (notice) =>
    set((s) => {
      const key = `${notice.id}@${notice.at}`;
      if (s.notices.some((n) => n.key === key)) return s;
      return { notices: [...s.notices, { ...notice, key }].slice(-MAX_NOTICES) };
    }),
  noticeDismissed: (key) => set((s) => ({ dismissedNoticeKeys: new Set(s.dismissedNoticeKeys).add(key) })),
  allNoticesDismissed: () => set((s) => ({ dismissedNoticeKeys: new Set(s.notices.map((n) => n.key)) })),
});

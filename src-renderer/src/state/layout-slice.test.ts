import { afterEach, describe, expect, it } from 'vitest';
import { appActions, resetAppStore, useAppStore } from './store';
import { DOCK_MAX_HEIGHT, DOCK_MIN_HEIGHT } from './layout-slice';

afterEach(() => resetAppStore());

describe('layout slice', () => {
  it('opens a tab per view and params, focusing an existing one', () => {
    const a = appActions().viewOpened('runs', 'Runs', { params: { ns: 'ci' } });
    const b = appActions().viewOpened('runs', 'Runs', { params: { ns: 'ci' } });
    const c = appActions().viewOpened('runs', 'Runs', { params: { ns: 'prod' } });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(useAppStore.getState().tabs).toHaveLength(2);
    expect(useAppStore.getState().activeTabId).toBe(c);
    expect(appActions().viewOpened('runs', 'Runs', { params: { ns: 'ci' }, newTab: true })).not.toBe(a);
  });

  it('closing the active tab activates a neighbour, then the start page', () => {
    const a = appActions().viewOpened('a', 'A');
    const b = appActions().viewOpened('b', 'B');
    appActions().tabActivated(a);
    appActions().tabClosed(a);
    expect(useAppStore.getState().activeTabId).toBe(b);
    appActions().tabClosed(b);
    expect(useAppStore.getState().activeTabId).toBeUndefined();
  });

  it('moves, retitles and goes back to start', () => {
    const a = appActions().viewOpened('a', 'A');
    const b = appActions().viewOpened('b', 'B');
    appActions().tabMoved(b, 0);
    appActions().tabRetitled(a, 'A2');
    expect(useAppStore.getState().tabs.map((t) => t.title)).toEqual(['B', 'A2']);
    appActions().backToStart();
    expect(useAppStore.getState().activeTabId).toBeUndefined();
  });

  it('clamps the dock height and opens the dock on panel selection', () => {
    appActions().dockResized(10);
    expect(useAppStore.getState().dockHeight).toBe(DOCK_MIN_HEIGHT);
    appActions().dockResized(99999);
    expect(useAppStore.getState().dockHeight).toBe(DOCK_MAX_HEIGHT);
    appActions().dockPanelSelected('logs');
    expect(useAppStore.getState()).toMatchObject({ isDockOpen: true, dockPanelId: 'logs' });
  });

  it('keeps notices bounded and dedupes them', () => {
    for (let i = 0; i < 130; i++) appActions().noticeReceived({ id: `n${i}`, level: 'info', message: 'm', at: 1 });
    appActions().noticeReceived({ id: 'n129', level: 'info', message: 'm', at: 1 });
    expect(useAppStore.getState().notices).toHaveLength(100);
  });
});

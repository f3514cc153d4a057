import { afterEach, describe, expect, it } from 'vitest';
import { appActions, resetAppStore, useAppStore } from './store';
import { DOCK_MAX_HEIGHT, DOCK_MIN_HEIGHT } from './layout-slice';

afterEach(() => resetAppStore());

describe('layout slice', () => {
  it('opens a tab per view and params, focusing an existing one', () => {
    const a = appActions().viewOpened({ id: 'runs', title: 'Runs' }, { params: { ns: 'ci' } });
    const b = appActions().viewOpened({ id: 'runs', title: 'Runs' }, { params: { ns: 'ci' } });
    const c = appActions().viewOpened({ id: 'runs', title: 'Runs' }, { params: { ns: 'prod' } });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(useAppStore.getState().tabs).toHaveLength(2);
    expect(useAppStore.getState().activeTabId).toBe(c);
    expect(appActions().viewOpened({ id: 'runs', title: 'Runs' }, { params: { ns: 'ci' }, newTab: true })).not.toBe(a);
  });

  it('keeps one tab for a singleton view: opening it again focuses it with the new params, even when asked for a new tab', () => {
    const events = { id: 'runs.events', title: 'GitHub events', singleton: true };
    const a = appActions().viewOpened(events);
    const other = appActions().viewOpened({ id: 'b', title: 'B' });
    expect(appActions().viewOpened(events, { params: { delivery: 'd-2' } })).toBe(a);
    expect(appActions().viewOpened(events, { params: { delivery: 'd-3' }, newTab: true })).toBe(a);
    expect(useAppStore.getState().tabs.map((t) => [t.viewId, t.params])).toEqual([
      ['runs.events', { delivery: 'd-3' }],
      ['b', {}],
    ]);
    expect(useAppStore.getState().activeTabId).toBe(a);
    expect(other).not.toBe(a);
  });

  it('closing the active tab activates a neighbour, then the start page', () => {
    const a = appActions().viewOpened({ id: 'a', title: 'A' });
    const b = appActions().viewOpened({ id: 'b', title: 'B' });
    appActions().tabActivated(a);
    appActions().tabClosed(a);
    expect(useAppStore.getState().activeTabId).toBe(b);
    appActions().tabClosed(b);
    expect(useAppStore.getState().activeTabId).toBeUndefined();
  });

  it('moves, retitles and goes back to start', () => {
    const a = appActions().viewOpened({ id: 'a', title: 'A' });
    const b = appActions().viewOpened({ id: 'b', title: 'B' });
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

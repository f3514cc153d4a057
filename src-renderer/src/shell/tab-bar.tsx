// The main area's tabs: a start-page button, then one tab per open view (arrow keys move, Delete closes).
import { useState, type KeyboardEvent, type ReactElement } from 'react';
import { useActiveTabId, useTabs } from '../state/selectors';
import { appActions } from '../state/store';
import { useMainViews } from './view-registry';
import { Icon, IconSlot } from '../ui/icon';
import { handleRovingKeyDown, rovingTabIndex } from '../ui/roving-focus';

/** Id of the main region the tabs control. */
export const MAIN_REGION_ID = 'main';

/** The tab strip above the main area. */
export function TabBar(): ReactElement {
  const tabs = useTabs();
  const activeTabId = useActiveTabId();
  const views = useMainViews();
  const activeIndex = activeTabId === undefined ? 0 : tabs.findIndex((t) => t.id === activeTabId) + 1;
  const [focusIndex, setFocusIndex] = useState(-1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = handleRovingKeyDown(e, 'horizontal');
    if (i >= 0) setFocusIndex(i);
  };

  const onTabKeyDown = (e: KeyboardEvent<HTMLElement>, tabId: string): void => {
    if (e.key === 'Delete' || (e.key === 'Backspace' && (e.metaKey || e.ctrlKey))) {
      e.preventDefault();
      appActions().tabClosed(tabId);
    }
  };

  return (
    <div className="tabbar" role="tablist" aria-label="Open views" onKeyDown={onKeyDown}>
      <button
        type="button"
        role="tab"
        data-roving-item
        aria-selected={activeTabId === undefined}
        aria-controls={MAIN_REGION_ID}
        tabIndex={rovingTabIndex(0, focusIndex < 0 ? activeIndex : focusIndex)}
        className={activeTabId === undefined ? 'tab tab--start tab--active' : 'tab tab--start'}
        title="Start"
        onFocus={() => setFocusIndex(0)}
        onClick={() => appActions().backToStart()}
      >
        <Icon name="home" label="Start" />
      </button>
      {tabs.map((tab, i) => {
        const isActive = tab.id === activeTabId;
        const icon = views.find((v) => v.id === tab.viewId)?.icon;
        return (
          <div key={tab.id} className={isActive ? 'tab tab--active' : 'tab'}>
            <button
              type="button"
              role="tab"
              data-roving-item
              className="tab__label"
              aria-selected={isActive}
              aria-controls={MAIN_REGION_ID}
              tabIndex={rovingTabIndex(i + 1, focusIndex < 0 ? activeIndex : focusIndex)}
              onFocus={() => setFocusIndex(i + 1)}
              onClick={() => appActions().tabActivated(tab.id)}
              onAuxClick={(e) => e.button === 1 && appActions().tabClosed(tab.id)}
              onKeyDown={(e) => onTabKeyDown(e, tab.id)}
              title={tab.title}
            >
              <IconSlot icon={icon} />
              <span className="tab__title">{tab.title}</span>
            </button>
            <button type="button" className="tab__close icon-btn" tabIndex={-1} aria-label={`Close ${tab.title}`} onClick={() => appActions().tabClosed(tab.id)}>
              <Icon name="close" size={12} />
            </button>
          </div>
        );
      })}
    </div>
  );
}

// The main area: the start page or the active tab's view. Opened tabs stay mounted (hidden) so they keep their state.
import { Suspense, type ReactElement } from 'react';
import { useActiveTabId, useTabs } from '../state/selectors';
import { appActions } from '../state/store';
import type { Tab } from '../state/layout-slice';
import { useMainView } from './view-registry';
import { ErrorBoundary } from './error-boundary';
import { StartView } from './start-view';
import { MAIN_REGION_ID } from './tab-bar';
import { EmptyState } from '../ui/empty-state';

/** Renders every open tab, showing only the active one. */
export function MainArea(): ReactElement {
  const tabs = useTabs();
  const activeTabId = useActiveTabId();
  return (
    <main id={MAIN_REGION_ID} className="main" tabIndex={-1} aria-label="Main">
      {activeTabId === undefined && <StartView />}
      {tabs.map((tab) => (
        <div key={tab.id} className="main__view" hidden={tab.id !== activeTabId}>
          <TabContent tab={tab} />
        </div>
      ))}
    </main>
  );
}

function TabContent({ tab }: { tab: Tab }): ReactElement {
  const view = useMainView(tab.viewId);
  if (!view) {
    return (
      <EmptyState icon="warning" title="This view is not available">
        <p>
          No feature provides the view <code>{tab.viewId}</code> any more. Close this tab.
        </p>
      </EmptyState>
    );
  }
  const View = view.component;
  const leave = (): void => {
    appActions().tabClosed(tab.id);
    appActions().backToStart();
  };
  return (
    <ErrorBoundary label={`The ${view.title} view`} onBackToStart={leave}>
      <Suspense fallback={<Loading what={view.title} />}>
        <View tabId={tab.id} params={tab.params} />
      </Suspense>
    </ErrorBoundary>
  );
}

/** A quiet loading line for lazy chunks. */
export function Loading({ what }: { what: string }): ReactElement {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

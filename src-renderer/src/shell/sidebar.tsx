// The left sidebar: brand + palette button, cluster sections from features, and the list of views.
import { Suspense, useState, type ReactElement } from 'react';
import { useActiveTab } from '../state/selectors';
import { appActions } from '../state/store';
import { useCommands, useMainViews, useSidebarSections, type SidebarSectionContribution } from './view-registry';
import { openView, executeCommand } from './navigation';
import { ErrorBoundary } from './error-boundary';
import { EmptyState } from '../ui/empty-state';
import { Icon, IconSlot } from '../ui/icon';
import { Kbd } from '../ui/kbd';
import { handleRovingKeyDown, rovingTabIndex } from '../ui/roving-focus';

/** The command a clusters feature registers to add a kubeconfig; the empty state offers it when present. */
export const ADD_KUBECONFIG_COMMAND = 'clusters.addKubeconfig';

/** The sidebar. */
export function Sidebar(): ReactElement {
  const sections = useSidebarSections();
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <div className="sidebar__header">
        <span className="sidebar__brand">
          <span className="sidebar__logo" aria-hidden="true">
            <Icon name="logo" size={14} />
          </span>
          PIPE Desktop
        </span>
        <button type="button" className="sidebar__search" onClick={() => appActions().paletteOpened()} aria-label="Search commands">
          <Icon name="search" size={14} />
          <span>Search</span>
          <Kbd binding="Mod+K" />
        </button>
      </div>
      <div className="sidebar__scroll">
        {sections.length === 0 ? <NoClusters /> : sections.map((s) => <SidebarSection key={s.id} section={s} />)}
        <ViewList />
      </div>
    </nav>
  );
}

function SidebarSection({ section }: { section: SidebarSectionContribution }): ReactElement {
  const [isOpen, setOpen] = useState(true);
  const Body = section.component;
  const bodyId = `sidebar-section-${section.id}`;
  return (
    <section className="sidebar__section" aria-labelledby={`${bodyId}-h`}>
      <h2 className="sidebar__heading" id={`${bodyId}-h`}>
        <button type="button" aria-expanded={isOpen} aria-controls={bodyId} onClick={() => setOpen(!isOpen)}>
          <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={12} />
          {section.title}
        </button>
      </h2>
      <div id={bodyId} hidden={!isOpen}>
        <ErrorBoundary label={`The ${section.title} section`}>
          <Suspense fallback={<p className="sidebar__loading" aria-busy>Loading…</p>}>
            <Body />
          </Suspense>
        </ErrorBoundary>
      </div>
    </section>
  );
}

function NoClusters(): ReactElement {
  const hasAddCommand = useCommands().some((c) => c.id === ADD_KUBECONFIG_COMMAND);
  return (
    <section className="sidebar__section" aria-labelledby="sidebar-clusters-h">
      <h2 className="sidebar__heading sidebar__heading--static" id="sidebar-clusters-h">
        Clusters
      </h2>
      <EmptyState
        compact
        icon="cluster"
        title="No clusters yet"
        actions={
          hasAddCommand ? (
            <button type="button" className="btn btn--primary" onClick={() => void executeCommand(ADD_KUBECONFIG_COMMAND)}>
              Add kubeconfig…
            </button>
          ) : undefined
        }
      >
        <p>
          Add a kubeconfig, or run <code>npm run sandbox</code> for a local PIPE cluster.
        </p>
      </EmptyState>
    </section>
  );
}

function ViewList(): ReactElement | null {
  const views = useMainViews().filter((v) => !v.hidden);
  const activeViewId = useActiveTab()?.viewId;
  const [focusIndex, setFocusIndex] = useState(-1);
  if (!views.length) return null;
  return (
    <section className="sidebar__section" aria-labelledby="sidebar-views-h">
      <h2 className="sidebar__heading sidebar__heading--static" id="sidebar-views-h">
        Views
      </h2>
      <ul
        className="sidebar__list"
        onKeyDown={(e) => {
          const i = handleRovingKeyDown(e, 'vertical');
          if (i >= 0) setFocusIndex(i);
        }}
      >
        {views.map((v, i) => (
          <li key={v.id}>
            <button
              type="button"
              data-roving-item
              tabIndex={rovingTabIndex(i, focusIndex)}
              className={v.id === activeViewId ? 'sidebar__item sidebar__item--active' : 'sidebar__item'}
              aria-current={v.id === activeViewId ? 'page' : undefined}
              onFocus={() => setFocusIndex(i)}
              onClick={() => openView(v.id)}
            >
              <IconSlot icon={v.icon} />
              <span>{v.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

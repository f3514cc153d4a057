// The bottom dock: tabs for terminal, logs and other panels; resizable; visited panels stay mounted.
import { Suspense, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactElement } from 'react';
import { useDock } from '../state/selectors';
import { appActions } from '../state/store';
import { useDockPanels, type DockPanelContribution } from './view-registry';
import { ErrorBoundary } from './error-boundary';
import { Loading } from './main-area';
import { Icon, IconSlot } from '../ui/icon';
import { Kbd } from '../ui/kbd';
import { handleRovingKeyDown, rovingTabIndex } from '../ui/roving-focus';

/** The dock; renders nothing while closed. */
export function Dock(): ReactElement | null {
  const dock = useDock();
  const panels = useDockPanels();
  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const [focusIndex, setFocusIndex] = useState(-1);
  if (!dock.isOpen || !panels.length) return null;
  const active = panels.find((p) => p.id === dock.panelId) ?? panels[0]!;
  if (!visited.has(active.id)) setVisited(new Set(visited).add(active.id));
  const activeIndex = panels.indexOf(active);

  return (
    <section className="dock" style={{ height: dock.height }} aria-label="Bottom panel">
      <ResizeHandle height={dock.height} />
      <div className="dock__header">
        <div
          className="dock__tabs"
          role="tablist"
          aria-label="Panels"
          onKeyDown={(e) => {
            const i = handleRovingKeyDown(e, 'horizontal');
            if (i >= 0) setFocusIndex(i);
          }}
        >
          {panels.map((p, i) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              id={`dock-tab-${p.id}`}
              data-roving-item
              aria-selected={p === active}
              aria-controls={`dock-panel-${p.id}`}
              tabIndex={rovingTabIndex(i, focusIndex < 0 ? activeIndex : focusIndex)}
              className={p === active ? 'dock__tab dock__tab--active' : 'dock__tab'}
              onFocus={() => setFocusIndex(i)}
              onClick={() => appActions().dockPanelSelected(p.id)}
            >
              <IconSlot icon={p.icon} />
              {p.title}
            </button>
          ))}
        </div>
        <span className="dock__hint">
          <Kbd binding="Mod+J" />
        </span>
        <button type="button" className="icon-btn" aria-label="Hide panel" title="Hide panel" onClick={() => appActions().dockToggled(false)}>
          <Icon name="close" size={14} />
        </button>
      </div>
      {panels
        .filter((p) => visited.has(p.id) || p === active)
        .map((p) => (
          <div key={p.id} id={`dock-panel-${p.id}`} role="tabpanel" aria-labelledby={`dock-tab-${p.id}`} className="dock__body" hidden={p !== active}>
            <DockPanelContent panel={p} />
          </div>
        ))}
    </section>
  );
}

function DockPanelContent({ panel }: { panel: DockPanelContribution }): ReactElement {
  const Panel = panel.component;
  return (
    <ErrorBoundary label={`The ${panel.title} panel`} onBackToStart={() => appActions().dockToggled(false)}>
      <Suspense fallback={<Loading what={panel.title} />}>
        <Panel panelId={panel.id} />
      </Suspense>
    </ErrorBoundary>
  );
}

function ResizeHandle({ height }: { height: number }): ReactElement {
  const start = useRef<{ y: number; height: number } | undefined>(undefined);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    start.current = { y: e.clientY, height };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (start.current) appActions().dockResized(start.current.height + start.current.y - e.clientY);
  };
  const onPointerUp = (): void => {
    start.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowUp') appActions().dockResized(height + step);
    else if (e.key === 'ArrowDown') appActions().dockResized(height - step);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="dock__resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize panel"
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}

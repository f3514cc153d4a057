// The window layout: sidebar | tabs + main area + dock, status bar below; palette and toasts on top.
import { useEffect, type ReactElement } from 'react';
import { useEffectiveTheme, useIsSidebarOpen } from '../state/selectors';
import { Sidebar } from './sidebar';
import { TabBar } from './tab-bar';
import { MainArea } from './main-area';
import { Dock } from './dock';
import { StatusBar } from './status-bar';
import { CommandPalette } from './command-palette';
import { Toasts } from './toasts';
import { applyTheme } from './theme';
import '../styles/shell.css';
import '../styles/overlays.css';
import '../styles/pages.css';

/** The whole shell. `data-shell-ready` marks the first render (used by the e2e tests and the bench). */
export function Shell(): ReactElement {
  const theme = useEffectiveTheme();
  const isSidebarOpen = useIsSidebarOpen();
  useEffect(() => applyTheme(theme), [theme]);
  return (
    <div className={isSidebarOpen ? 'shell' : 'shell shell--no-sidebar'} data-shell-ready="">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      {isSidebarOpen && <Sidebar />}
      <div className="workbench">
        <TabBar />
        <MainArea />
        <Dock />
      </div>
      <StatusBar />
      <CommandPalette />
      <Toasts />
    </div>
  );
}

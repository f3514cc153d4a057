// Renderer entry: theme before first paint, contributions, host session, then React. Everything is disposed on unload.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyTheme, readThemeHint } from './shell/theme';
import { isOsDark, startOsThemeWatcher } from './shell/os-theme';
import { disposeCoreContributions } from './shell/core';
import { startGlobalKeybindings } from './shell/global-keys';
import { handleShellEvent, startHashRoutes } from './shell/navigation';
import { startHostSession } from './bridge/host-session';
import './styles/tokens.css';
import './styles/base.css';
import './features'; // after ./shell/core, so features can replace built-in placeholders

applyTheme(readThemeHint(isOsDark()));

const disposers = [
  disposeCoreContributions,
  startOsThemeWatcher(),
  startGlobalKeybindings(),
  startHostSession({ onShellEvent: handleShellEvent }),
  startHashRoutes(window.location, window),
];

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);

window.addEventListener('pagehide', () => {
  root.unmount();
  for (const dispose of disposers.splice(0).reverse()) dispose();
});

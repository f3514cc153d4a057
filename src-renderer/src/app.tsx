// The root component: the shell inside a last-resort error boundary.
import type { ReactElement } from 'react';
import { ErrorBoundary } from './shell/error-boundary';
import { Shell } from './shell/shell';
import { appActions } from './state/store';

/** Everything the renderer shows. */
export function App(): ReactElement {
  const backToStart = (): void => {
    const s = appActions();
    s.paletteClosed();
    s.backToStart();
  };
  return (
    <ErrorBoundary label="PIPE Desktop" onBackToStart={backToStart}>
      <Shell />
    </ErrorBoundary>
  );
}

// Built-in dock panels shown until the terminal and logs features register theirs under the same ids.
import type { ReactElement } from 'react';
import { EmptyState } from '../../ui/empty-state';

/** Placeholder for the terminal panel. */
export function TerminalPlaceholder(): ReactElement {
  return (
    <EmptyState icon="terminal" title="No terminal open">
      <p>Terminals (local shells and pod shells) open here. Connect a cluster first; the terminal keeps running while you switch views.</p>
    </EmptyState>
  );
}

/** Placeholder for the logs panel. */
export function LogsPlaceholder(): ReactElement {
  return (
    <EmptyState icon="logs" title="No logs followed">
      <p>Open a PipelineRun and follow its logs: every step streams here live, even while you look at other views.</p>
    </EmptyState>
  );
}

// Built-in dock panels shown until the terminal and logs features register theirs under the same ids.
import type { ReactElement } from 'react';
import { EmptyState } from '../../ui/empty-state';

/** Placeholder for the terminal panel. */
export function TerminalPlaceholder(): ReactElement {
  return (
    <EmptyState icon="terminal" title="The terminal is not built yet">
      <p>Until it is, use “Copy kubectl command” or “Export kubeconfig” in a cluster view and run kubectl in your own terminal.</p>
    </EmptyState>
  );
}

/** Placeholder for the logs panel. */
export function LogsPlaceholder(): ReactElement {
  return (
    <EmptyState icon="logs" title="Log following is not built yet">
      <p>PipelineRuns and TaskRuns already show their status live in a cluster view; step logs will stream here.</p>
    </EmptyState>
  );
}

// The built-in logs dock panel: points to where logs are (a feature may register its own under the same id).
import type { ReactElement } from 'react';
import { EmptyState } from '../../ui/empty-state';

/** Placeholder for the logs panel. */
export function LogsPlaceholder(): ReactElement {
  return (
    <EmptyState icon="logs" title="Logs live on a run’s page">
      <p>Open the Runs view and pick a run: its steps’ logs follow live there, with search and download.</p>
    </EmptyState>
  );
}

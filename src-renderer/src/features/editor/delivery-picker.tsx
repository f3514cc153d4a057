// "Pick a recent real delivery": GitHubEvent objects pipe-events recorded in the core cluster, each usable as a
// simulator column (its stored event decides which pipelines fire).
import { useState, type ReactElement } from 'react';
import type { RecentDelivery } from '../../../../src-shared/contract/pipelines';
import { deliveryColumn } from '../../../../src-shared/pipelines/real-delivery';
import type { CommonEvent } from '../../../../src-shared/pipelines/simulated-event';

/** Loads deliveries from a core-cluster context and hands the chosen one over as a column. */
export function DeliveryPicker({
  initialContext,
  load,
  onPick,
}: {
  readonly initialContext: string;
  readonly load: (context: string) => Promise<{ deliveries: RecentDelivery[] }>;
  readonly onPick: (column: CommonEvent | undefined) => void;
}): ReactElement {
  const [context, setContext] = useState(initialContext);
  const [deliveries, setDeliveries] = useState<RecentDelivery[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [chosen, setChosen] = useState('');
  const fetchList = (): void => {
    setError(undefined);
    load(context.trim())
      .then((r) => setDeliveries(r.deliveries))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const pick = (name: string): void => {
    setChosen(name);
    const d = deliveries?.find((x) => x.name === name);
    const column = d ? deliveryColumn(d) : undefined;
    if (d && !column) setError(`Delivery ${d.deliveryId} has no event the simulator can read.`);
    onPick(column);
  };
  return (
    <details className="editor-deliveries">
      <summary>Recent real deliveries…</summary>
      <label>
        Core cluster context <input value={context} onChange={(e) => setContext(e.target.value)} spellCheck={false} />
      </label>
      <button type="button" disabled={!context.trim()} onClick={fetchList}>Load</button>
      {deliveries && deliveries.length === 0 && <p className="editor-muted">No deliveries recorded.</p>}
      {deliveries && deliveries.length > 0 && (
        <label>
          Delivery{' '}
          <select aria-label="Recent delivery" value={chosen} onChange={(e) => pick(e.target.value)}>
            <option value="">(none)</option>
            {deliveries.map((d) => (
              <option key={d.name} value={d.name}>
                {d.eventName}{d.action ? `.${d.action}` : ''} {d.repository} {d.ref ?? ''} {d.receivedAt ?? ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <p role="alert">{error}</p>}
    </details>
  );
}

// The trigger simulator table: rows = pipelines, columns = events, each cell says whether it runs and why.
import type { ReactElement } from 'react';
import type { SimulatorCell, SimulatorTable } from '../../../../src-shared/pipelines/trigger-simulator';

const SYMBOL: Record<SimulatorCell['outcome'], string> = {
  fires: '● runs',
  skips: '○ no',
  depends: '◐ depends',
  invalid: '✖ invalid',
  'no-annotation': '– none',
};

/** A selected cell (row and column index). */
export interface CellRef {
  readonly row: number;
  readonly column: number;
}

/** Props of SimulatorTableView. */
export interface SimulatorTableProps {
  readonly table: SimulatorTable;
  readonly selected?: CellRef;
  readonly onSelect?: (cell: CellRef) => void;
}

/** The table; the reason is on hover and in the cell's accessible name; clicking a cell selects it. */
export function SimulatorTableView({ table, selected, onSelect }: SimulatorTableProps): ReactElement {
  if (table.rows.length === 0) {
    return <p className="editor-muted">No Pipelines in the open files. Pipelines live in <code>.pipe/</code> (or <code>.tekton/</code>).</p>;
  }
  return (
    <table className="sim-table" aria-label="Which events run which pipeline">
      <thead>
        <tr>
          <th scope="col">Pipeline</th>
          {table.columns.map((c) => (
            <th scope="col" key={c.id}>{c.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r, i) => (
          <tr key={`${r.file ?? ''}:${r.pipeline}:${i}`}>
            <th scope="row" title={r.file}>{r.pipeline || '(no name)'}</th>
            {r.cells.map((cell, j) => {
              const isSelected = selected?.row === i && selected.column === j;
              return (
                <td key={table.columns[j]!.id} data-outcome={cell.outcome}>
                  <button
                    type="button"
                    className="sim-cell"
                    title={cell.reason}
                    aria-pressed={isSelected}
                    aria-label={`${r.pipeline} on ${table.columns[j]!.title}: ${cell.outcome === 'fires' ? 'runs' : cell.outcome === 'skips' ? 'does not run' : cell.outcome} — ${cell.reason}`}
                    onClick={() => onSelect?.({ row: i, column: j })}
                  >
                    {SYMBOL[cell.outcome]}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The checks behind one cell, in order. */
export function CellExplanation({ cell, pipeline, event }: { cell: SimulatorCell; pipeline: string; event: string }): ReactElement {
  return (
    <div className="sim-explain" aria-live="polite">
      <p>
        <strong>{pipeline}</strong> on <strong>{event}</strong>: {cell.reason}
      </p>
      {cell.steps.length > 1 && (
        <ol>
          {cell.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

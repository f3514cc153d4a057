// The Problems list of the active file: severity, place, message, code; click to jump to the line.
import type { ReactElement } from 'react';
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';

/** Props of DiagnosticsPanel. */
export interface DiagnosticsPanelProps {
  readonly path: string | undefined;
  readonly diagnostics: readonly TektonDiagnostic[];
  readonly onSelect: (d: TektonDiagnostic) => void;
}

/** Lists the diagnostics, errors first then by line. */
export function DiagnosticsPanel({ path, diagnostics, onSelect }: DiagnosticsPanelProps): ReactElement {
  if (!path) return <p className="editor-muted">Open a file to see its problems.</p>;
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? a.line - b.line || a.column - b.column : a.severity === 'error' ? -1 : 1));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <div className="diag-panel">
      <p className="diag-panel__summary" role="status">
        {diagnostics.length === 0 ? `No problems in ${path}.` : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${path}`}
      </p>
      {sorted.length > 0 && (
        <ul className="diag-list" aria-label={`Problems in ${path}`}>
          {sorted.map((d, i) => (
            <li key={`${d.offset}:${d.code}:${i}`}>
              <button type="button" className="diag-item" data-severity={d.severity} onClick={() => onSelect(d)}>
                <span className="diag-item__sev">{d.severity === 'error' ? '✖' : '⚠'}</span>
                <span className="diag-item__pos">
                  {d.line}:{d.column}
                </span>
                <span className="diag-item__msg">{d.message}</span>
                <code className="diag-item__code">{d.code}</code>
                {d.fixes?.length ? <span className="diag-item__fix">quick fix</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// A pod container's live log in the log viewer (src-renderer/src/features/logs), over a dialog: container picker,
// follows until closed; the stream is closed with the dialog.
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { parse } from 'yaml';
import { LogViewer } from '../logs/log-viewer';
import { openLog } from '../logs/log-subscription';
import type { LogModel } from '../logs/log-model';
import './pod-actions.css';

/** Container names of a pod's YAML: init containers first (they run first), then the others; [] when unreadable. */
export function containerNames(podYaml: string): string[] {
  try {
    const pod = parse(podYaml, { maxAliasCount: 0 }) as { spec?: { initContainers?: { name?: unknown }[]; containers?: { name?: unknown }[] } } | null;
    const names = [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].map((c) => c?.name);
    return names.filter((n): n is string => typeof n === 'string' && n.length > 0);
  } catch {
    return [];
  }
}

/** Props: the pod and its YAML; `onClose` ends the stream. */
export interface PodLogDialogProps {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
  readonly podYaml: string;
  readonly onClose: () => void;
}

/** The dialog; the last regular container is shown first (init containers have usually ended). */
export function PodLogDialog({ context, namespace, pod, podYaml, onClose }: PodLogDialogProps): ReactElement {
  const names = useMemo(() => containerNames(podYaml), [podYaml]);
  const [container, setContainer] = useState<string | undefined>(() => names.at(-1));
  const [model, setModel] = useState<LogModel | undefined>(undefined);
  const [ended, setEnded] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!container) return;
    setEnded(undefined);
    const { model: m, dispose } = openLog({ kind: 'container', context, namespace, pod, container }, (message) => setEnded(message ?? 'The log ended.'));
    setModel(m);
    return () => {
      dispose();
      setModel(undefined);
    };
  }, [context, namespace, pod, container]);
  return (
    <div className="pod-log-dialog" role="dialog" aria-label={`Log of ${pod}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="pod-log-dialog__bar">
        <strong>Log of {pod}</strong>
        {names.length > 1 && (
          <select aria-label="Container" value={container} onChange={(e) => setContainer(e.target.value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
        {names.length === 1 && <span className="pod-log-dialog__muted">{names[0]}</span>}
        {ended && <span className="pod-log-dialog__muted" role="status">{ended}</span>}
        <button type="button" className="icon-btn" aria-label="Close log" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="pod-log-dialog__body">
        {names.length === 0 && <p className="pod-log-dialog__muted">The pod lists no containers.</p>}
        {model && <LogViewer model={model} fileName={`${pod}-${container ?? 'log'}.log`} />}
      </div>
    </div>
  );
}

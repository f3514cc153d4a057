// Shell, Attach and Logs for a pod (the clusters detail drawer shows them). The terminal and log viewer code loads
// only when one is used, so the clusters views stay light.
import { lazy, Suspense, useState, type ReactElement } from 'react';
import type { PodShellTarget } from '../../../../src-shared/contract/terminal';
import { PodShellButton } from './pod-shell-button';

const PodLogDialog = lazy(() => import('./pod-log-dialog').then((m) => ({ default: m.PodLogDialog })));

/** Props: which pod; its YAML (from the drawer's detail) names the containers the log viewer offers. */
export interface PodActionsProps {
  readonly context: string;
  readonly namespace: string | undefined;
  readonly pod: string;
  readonly podYaml?: string | undefined;
}

/** Opens a dock terminal attached to the pod's running process (the host picks the default container). */
export function attachToPod(target: Omit<PodShellTarget, 'mode' | 'command'>): Promise<unknown> {
  return import('./terminal-actions').then((m) => m.openTerminal({ pod: { ...target, mode: 'attach' } }));
}

/** The pod's action buttons: Shell (exec), Attach, Logs. */
export function PodActions({ context, namespace, pod, podYaml }: PodActionsProps): ReactElement | null {
  const [logsOpen, setLogsOpen] = useState(false);
  if (!namespace) return null;
  return (
    <>
      <PodShellButton context={context} namespace={namespace} pod={pod} />
      <button type="button" className="btn" title={`Attach to the running process of ${pod} (its own terminal; closing detaches)`} onClick={() => void attachToPod({ context, namespace, pod })}>
        Attach
      </button>
      <button type="button" className="btn" disabled={!podYaml} title={`Follow the log of a container of ${pod}`} onClick={() => setLogsOpen(true)}>
        Logs
      </button>
      {logsOpen && podYaml && (
        <Suspense fallback={null}>
          <PodLogDialog context={context} namespace={namespace} pod={pod} podYaml={podYaml} onClose={() => setLogsOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

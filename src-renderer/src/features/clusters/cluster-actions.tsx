// Per-cluster actions: export a kubeconfig, copy a kubectl command, retry now.
import type { ReactElement } from 'react';
import type { ClusterEntry } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { appActions } from '../../state/store';

let counter = 0;
const tell = (message: string): void => appActions().noticeReceived({ id: `clusters-${++counter}`, level: 'info', message, at: Date.now() });

/** Copies text, falling back to showing it when the clipboard is not available. */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    tell(`${what} copied: ${text}`);
  } catch {
    tell(`${what}: ${text}`);
  }
}

/** Exports a kubeconfig for the context + namespace and tells where it went. */
export async function exportKubeconfig(entry: ClusterEntry): Promise<void> {
  try {
    const { path, kubectlCommand } = await host().clusters.exportKubeconfig({ context: entry.context, namespace: entry.namespace });
    tell(`Kubeconfig for ${entry.context} (${entry.namespace}) written to ${path} (mode 0600). Try: ${kubectlCommand}`);
  } catch (err) {
    reportError('Exporting the kubeconfig', err);
  }
}

/** Copies a kubectl command line for the context + namespace. */
export async function copyKubectlCommand(entry: ClusterEntry): Promise<void> {
  try {
    const { command } = await host().clusters.kubectlCommand({ context: entry.context, namespace: entry.namespace });
    await copyText(command, 'kubectl command');
  } catch (err) {
    reportError('Building the kubectl command', err);
  }
}

/** The header buttons of a cluster view. */
export function ClusterActions({ entry }: { entry: ClusterEntry }): ReactElement {
  return (
    <div className="cluster-actions">
      {entry.status.phase !== 'ready' && (
        <button type="button" className="btn" onClick={() => void host().clusters.retryNow({ context: entry.context }).catch((e: unknown) => reportError('Retrying', e))}>
          Retry now
        </button>
      )}
      <button type="button" className="btn" onClick={() => void copyKubectlCommand(entry)}>
        Copy kubectl command
      </button>
      <button type="button" className="btn" onClick={() => void exportKubeconfig(entry)}>
        Export kubeconfig
      </button>
    </div>
  );
}

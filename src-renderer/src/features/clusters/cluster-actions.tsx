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
export async function exportKubeconfig(entry: ClusterEntry, confirmReplace: (message: string) => boolean = (m) => window.confirm(m)): Promise<void> {
  const run = (overwrite: boolean) => host().clusters.exportKubeconfig({ context: entry.context, namespace: entry.namespace, ...(overwrite ? { overwrite } : {}) });
  try {
    let result;
    try {
      result = await run(false);
    } catch (err) {
      // The host never replaces a file without the user's OK (a native save dialog asks on its own).
      const e = err as { code?: string; message?: string; details?: { exists?: boolean } };
      if (e.code === 'cancelled') return;
      if (e.code !== 'conflict' || !e.details?.exists || !confirmReplace(e.message ?? 'The file exists. Replace it?')) throw err;
      result = await run(true);
    }
    tell(`Kubeconfig for ${entry.context} (${entry.namespace}) written to ${result.path} (mode 0600). Try: ${result.kubectlCommand}`);
  } catch (err) {
    reportError('Exporting the kubeconfig', err);
  }
}

/** Allows the context's exec credential command (after the user read it) and connects. */
export async function approveExec(entry: ClusterEntry): Promise<void> {
  try {
    await host().clusters.approveExec({ context: entry.context });
  } catch (err) {
    reportError('Allowing the credential command', err);
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
      {entry.status.phase !== 'ready' && entry.status.phase !== 'needs-approval' && (
        <button type="button" className="btn" onClick={() => void host().clusters.retryNow({ context: entry.context }).catch((e: unknown) => reportError('Retrying', e))}>
          {entry.status.phase === 'idle' ? 'Connect' : 'Retry now'}
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

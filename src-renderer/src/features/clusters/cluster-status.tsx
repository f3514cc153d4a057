// How a cluster's status reads: a coloured dot and one line of text.
import type { ReactElement } from 'react';
import type { ClusterStatus } from '../../../../src-shared/contract/clusters';
import { EXPIRED_MESSAGE } from '../../../../src-shared/clusters/cluster-problems';

/** One line describing the status (what the sidebar tooltip and the view header show). */
export function statusText(s: ClusterStatus): string {
  switch (s.phase) {
    case 'idle':
      return 'Not connected — open to connect';
    case 'needs-approval':
      return 'Not connected — allow its credential command to connect';
    case 'connecting':
      return 'Connecting…';
    case 'ready':
      if (s.auth === 'forbidden') return `Reachable${s.serverVersion ? ` (${s.serverVersion})` : ''} — no access to this namespace`;
      return `Connected${s.serverVersion ? ` · ${s.serverVersion}` : ''}${s.username ? ` · ${s.username}` : ''}`;
    case 'unreachable':
      return `Unreachable${s.retryAt ? ` — retrying ${retryIn(s.retryAt)}` : ''}`;
    case 'auth-failed':
      return s.problem?.message ?? EXPIRED_MESSAGE;
    case 'invalid':
      return 'Kubeconfig problem';
  }
}

function retryIn(at: number): string {
  const s = Math.max(0, Math.round((at - Date.now()) / 1000));
  return s <= 1 ? 'now' : `in ${s}s`;
}

/** Tone of a status for the dot. */
export function statusTone(s: ClusterStatus): 'ok' | 'warn' | 'danger' | 'muted' {
  if (s.phase === 'ready') return s.auth === 'forbidden' ? 'warn' : 'ok';
  if (s.phase === 'connecting' || s.phase === 'idle') return 'muted';
  if (s.phase === 'needs-approval') return 'warn';
  if (s.phase === 'unreachable') return 'warn';
  return 'danger';
}

/** A small status dot with an accessible label. */
export function StatusDot({ status }: { status: ClusterStatus }): ReactElement {
  return <span className={`status-dot status-dot--${statusTone(status)}`} role="img" aria-label={statusText(status)} title={statusText(status)} />;
}

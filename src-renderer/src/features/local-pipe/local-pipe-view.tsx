// The local PIPE view: start it, follow the build (progress bar and log) and the start, cancel, stop.
import { useEffect, useRef, type ReactElement } from 'react';
import type { LocalPipeStatus } from '../../../../src-shared/contract/local-pipe';
import { cancelLocalPipe, startLocalPipe, stopLocalPipe } from './local-pipe-actions';
import { retainLocalPipe, useLocalPipeLog, useLocalPipeProblem, useLocalPipeStatus } from './local-pipe-store';
import './local-pipe.css';

const HEADLINE: Readonly<Record<LocalPipeStatus['state'], string>> = {
  stopped: 'No local PIPE is running.',
  unavailable: 'A local PIPE cannot start on this machine yet.',
  building: 'Building the local PIPE…',
  starting: 'Starting the local PIPE…',
  'signing-in': 'Signing in to the local PIPE…',
  running: 'The local PIPE is running.',
  stopping: 'Stopping the local PIPE…',
  failed: 'The local PIPE did not start.',
};

const BUSY = new Set<LocalPipeStatus['state']>(['building', 'starting', 'signing-in']);

function BuildProgress({ status }: { status: LocalPipeStatus }): ReactElement | null {
  if (status.state !== 'building' || !status.build) return null;
  const { done, total, current } = status.build;
  return (
    <div className="local-pipe__progress">
      <progress max={total} value={done} aria-label="Build progress" />
      <span className="local-pipe__muted" data-testid="local-pipe-step">
        {done} of {total} built{current ? ` — now ${current}` : ''}
      </span>
    </div>
  );
}

function BuildLog(): ReactElement | null {
  const lines = useLocalPipeLog();
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  if (lines.length === 0) return null;
  return (
    <pre className="local-pipe__log" ref={ref} aria-label="Build and start log" tabIndex={0} data-testid="local-pipe-log">
      {lines.join('\n')}
    </pre>
  );
}

/** Main view "Local PIPE". */
export function LocalPipeView(): ReactElement {
  useEffect(() => retainLocalPipe(), []);
  const status = useLocalPipeStatus();
  const problem = useLocalPipeProblem();
  if (!status) return <p className="local-pipe__muted">{problem ?? 'Loading…'}</p>;
  const busy = BUSY.has(status.state);
  return (
    <section className="local-pipe" data-testid="local-pipe" data-state={status.state} aria-labelledby="local-pipe-h">
      <h2 id="local-pipe-h">Local PIPE</h2>
      <p>
        A real PIPE on this machine — two Kubernetes apiservers, Dex with a fake GitHub, kwok and Tekton — signed in as the sandbox user. It stops when
        PIPE Desktop quits.
      </p>
      <p className="local-pipe__headline" role="status">
        {HEADLINE[status.state]}
        {status.state === 'running' && status.username && <> Signed in as <strong>{status.username}</strong>.</>}
      </p>
      {status.needsBuild && busy && (
        <p className="local-pipe__muted">The first start builds etcd, kube-apiserver, Dex, kwok and kubectl from Go modules: it takes several minutes. Later starts reuse them.</p>
      )}
      {status.message && (
        <p className={status.state === 'stopped' ? 'local-pipe__muted' : 'local-pipe__error'} role={status.state === 'stopped' ? undefined : 'alert'}>
          {status.message}
        </p>
      )}
      <BuildProgress status={status} />
      <div className="local-pipe__actions">
        {(status.state === 'stopped' || status.state === 'failed' || status.state === 'unavailable') && (
          <button type="button" className="btn btn--primary" onClick={() => void startLocalPipe()}>
            {status.state === 'stopped' ? 'Start a local PIPE' : 'Try again'}
          </button>
        )}
        {busy && (
          <button type="button" className="btn" onClick={() => void cancelLocalPipe()}>
            Cancel
          </button>
        )}
        {status.state === 'running' && (
          <button type="button" className="btn" onClick={() => void stopLocalPipe()}>
            Stop the local PIPE
          </button>
        )}
      </div>
      <BuildLog />
    </section>
  );
}

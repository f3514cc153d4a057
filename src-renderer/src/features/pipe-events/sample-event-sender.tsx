// "Send a sample event" controls (kind, branch, Send): shown only when the app is connected to the local PIPE.
import { useEffect, useState, type ReactElement } from 'react';
import type { SampleEventKindName } from '../../../../src-shared/contract/pipe-events';
import { host } from '../../bridge/host';
import { SAMPLE_KINDS, sendSampleEvent } from './sample-event';
import './pipe-events.css';

/** Whether sample events can be sent now (asked once per mount: the answer follows the connected profile). */
export function useSampleTarget(): { available: boolean; repository?: string } {
  const [state, setState] = useState<{ available: boolean; repository?: string }>({ available: false });
  useEffect(() => {
    let alive = true;
    try {
      host()
        .pipeEvents.sampleTarget({})
        .then((t) => alive && setState(t.available ? { available: true, ...(t.repository ? { repository: t.repository } : {}) } : { available: false }))
        .catch(() => undefined);
    } catch {
      // No host (yet): nothing to offer.
    }
    return () => {
      alive = false;
    };
  }, []);
  return state;
}

/** The controls; renders nothing unless the local PIPE can take a sample. */
export function SampleEventSender(): ReactElement | null {
  const target = useSampleTarget();
  const [kind, setKind] = useState<SampleEventKindName>('push');
  const [branch, setBranch] = useState('main');
  const [busy, setBusy] = useState(false);
  if (!target.available) return null;
  const usesBranch = kind === 'push';
  return (
    <form
      className="pev__sender"
      aria-label="Send a sample event"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void sendSampleEvent(kind, usesBranch ? branch.trim() || undefined : undefined).finally(() => setBusy(false));
      }}
    >
      <select aria-label="Sample event" value={kind} onChange={(e) => setKind(e.target.value as SampleEventKindName)}>
        {SAMPLE_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {usesBranch && <input aria-label="Branch" value={branch} onChange={(e) => setBranch(e.target.value)} size={14} maxLength={200} />}
      <button type="submit" disabled={busy} title={`A signed sample delivery for ${target.repository ?? 'the sample repository'} to the local PIPE's pipe-events`}>
        {busy ? 'Sending…' : 'Send a sample event'}
      </button>
    </form>
  );
}

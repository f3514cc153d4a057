// Keeps the renderer connected to its host: subscribes to settings, notices and shell events,
// and reconnects with backoff when the connection drops. Runs outside React; returns a disposer.
import type { Unsubscribe } from '../../../src-shared/contract/rpc';
import type { ShellEvent } from '../../../src-shared/contract/app';
import { appActions } from '../state/store';
import { disposeHost, host } from './host';
import { describeError } from './report-error';

/** Options for the session (tests shorten the delays). */
export interface HostSessionOptions {
  readonly retryDelaysMs?: readonly number[];
  /** Receives what the desktop shell asks for (menu commands, deep links). */
  readonly onShellEvent?: (event: ShellEvent) => void;
}

const DEFAULT_DELAYS = [500, 1000, 2000, 5000, 10_000];

/** Connects and stays connected until the returned function is called. */
export function startHostSession(options: HostSessionOptions = {}): () => void {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const actions = appActions();
  let generation = 0;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const subs: Unsubscribe[] = [];

  const dropSubscriptions = (): void => {
    for (const unsubscribe of subs.splice(0)) {
      try {
        unsubscribe();
      } catch {
        // the channel is already gone
      }
    }
  };

  const lost = (gen: number, problem: string): void => {
    if (stopped || gen !== generation) return;
    generation++;
    dropSubscriptions();
    disposeHost();
    actions.hostDisconnected(problem);
    const delay = delays[Math.min(attempt++, delays.length - 1)] ?? 10_000;
    timer = setTimeout(connect, delay);
  };

  function connect(): void {
    timer = undefined;
    const gen = generation;
    const end = (err?: unknown): void => lost(gen, err ? describeError(err) : 'The host closed the connection.');
    try {
      const api = host();
      subs.push(api.settings.changes({}, { next: (s) => actions.settingsReceived(s), end }));
      subs.push(api.app.notices({}, { next: (n) => actions.noticeReceived(n), end }));
      subs.push(api.app.shellEvents({}, { next: (e) => options.onShellEvent?.(e), end }));
      subs.push(api.app.updates({}, { next: (u) => actions.updateStateReceived(u), end }));
      api.app.info({}).then((info) => {
        if (gen !== generation || stopped) return;
        attempt = 0;
        actions.hostConnected(info);
      }, end);
    } catch (err) {
      end(err);
    }
  }

  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    dropSubscriptions();
    disposeHost();
  };
}

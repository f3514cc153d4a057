// Requests from the desktop shell to the UI (menu commands, deep links), held until a UI listens.
import type { ShellEvent } from '../../src-shared/contract/app';

type Listener = (event: ShellEvent) => void;

/** Fans shell events out to UI subscribers; keeps a few undelivered ones for the first subscriber. */
export class ShellEvents {
  private readonly listeners = new Set<Listener>();
  private pending: ShellEvent[] = [];

  constructor(private readonly maxPending = 20) {}

  /** Sends an event to every listener, or queues it while nobody listens. */
  emit(event: ShellEvent): void {
    if (!this.listeners.size) {
      this.pending = [...this.pending, event].slice(-this.maxPending);
      return;
    }
    for (const l of this.listeners) l(event);
  }

  /** Listens; queued events are delivered to this listener first. */
  onDidEmit(listener: Listener): () => void {
    this.listeners.add(listener);
    const queued = this.pending;
    this.pending = [];
    for (const e of queued) listener(e);
    return () => this.listeners.delete(listener);
  }
}

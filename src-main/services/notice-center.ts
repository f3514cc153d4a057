// Collects messages the user must see (reset files, failed loads) and streams them to the UI.
import type { Notice } from '../../src-shared/contract/app';

type Listener = (notice: Notice) => void;

/** Keeps the latest notices (bounded) and notifies listeners. */
export class NoticeCenter {
  private readonly notices: Notice[] = [];
  private readonly listeners = new Set<Listener>();
  private counter = 0;

  constructor(private readonly limit = 100) {}

  raise(level: Notice['level'], message: string): Notice {
    const notice: Notice = { id: `n${++this.counter}`, level, message, at: Date.now() };
    this.notices.push(notice);
    if (this.notices.length > this.limit) this.notices.shift();
    for (const l of this.listeners) l(notice);
    return notice;
  }

  list(): readonly Notice[] {
    return this.notices;
  }

  onDidRaise(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// A counting semaphore with two priorities: waiting high-priority callers are served first.

/** Limits concurrent work; `acquire` resolves with a release function. */
export class Semaphore {
  private active = 0;
  private readonly high: (() => void)[] = [];
  private readonly low: (() => void)[] = [];

  constructor(private limit: number) {}

  /** Changes the number of slots (callers already holding one keep it). */
  setLimit(limit: number): void {
    this.limit = limit;
    while (this.active < this.limit && this.waiting > 0) this.next();
  }

  /** Waits for a slot. */
  acquire(priority: 'high' | 'low' = 'low'): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        this.active++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.next();
        });
      };
      if (this.active < this.limit) grant();
      else (priority === 'high' ? this.high : this.low).push(grant);
    });
  }

  /** Callers waiting. */
  get waiting(): number {
    return this.high.length + this.low.length;
  }

  private next(): void {
    if (this.active >= this.limit) return;
    (this.high.shift() ?? this.low.shift())?.();
  }
}

// Keeps acknowledgments fast under bursts: background work shrinks while recording deliveries gets slow (an EWMA of the
// record latency), and comes back when they are fast again or the burst is over. The backlog is durable, so it can wait.

/** Latency thresholds (ms) of the EWMA and the share of workers allowed above each. */
const STEPS: readonly (readonly [number, number])[] = [
  [1000, 0],
  [400, 0.25],
  [150, 0.5],
];
/** Without a delivery for this long, there is no burst. */
const QUIET_MS = 1000;

/** Tracks how fast deliveries are recorded and says how many background workers may run. */
export class Backpressure {
  private ewma = 0;
  private lastAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records how long recording one delivery took. */
  note(ms: number): void {
    this.ewma = this.ewma === 0 ? ms : 0.9 * this.ewma + 0.1 * ms;
    this.lastAt = this.now();
  }

  /** Smoothed record latency (ms), 0 when idle. */
  get latencyMs(): number {
    return this.now() - this.lastAt > QUIET_MS ? 0 : this.ewma;
  }

  /** Workers allowed out of `max` right now. */
  workers(max: number): number {
    if (this.now() - this.lastAt > QUIET_MS) {
      this.ewma = 0;
      return max;
    }
    for (const [threshold, share] of STEPS) if (this.ewma > threshold) return Math.floor(max * share);
    return max;
  }
}

// Terminal flow control (VS Code's scheme): the host counts characters the renderer has not yet acknowledged and
// pauses the pty above a high watermark, resuming below a low one; the renderer acknowledges after xterm parsed them.

/** Watermarks in characters. */
export interface FlowMarks {
  /** Pause the producer once this many characters are unacknowledged. */
  readonly high: number;
  /** Resume once the unacknowledged count falls below this. */
  readonly low: number;
  /** The renderer acknowledges in batches of at least this many characters. */
  readonly ackBatch: number;
}

/** VS Code's values. */
export const DEFAULT_FLOW_MARKS: FlowMarks = Object.freeze({ high: 100_000, low: 5_000, ackBatch: 5_000 });

/** Host side: counts sent vs acknowledged characters and says when to pause or resume the producer. */
export class FlowController {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly onPause: () => void,
    private readonly onResume: () => void,
    private readonly marks: FlowMarks = DEFAULT_FLOW_MARKS,
  ) {
    if (!(marks.low >= 0 && marks.low < marks.high)) throw new RangeError('flow control needs 0 <= low < high');
  }

  /** Characters sent but not yet acknowledged. */
  get pending(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Records characters sent to the renderer. */
  sent(chars: number): void {
    if (!(chars > 0)) return;
    this.unacked += chars;
    if (!this.paused && this.unacked > this.marks.high) {
      this.paused = true;
      this.onPause();
    }
  }

  /** Records an acknowledgement; a renderer cannot acknowledge more than was sent (hostile input is clamped). */
  acked(chars: number): void {
    if (!(chars > 0)) return;
    this.unacked = Math.max(0, this.unacked - Math.min(chars, this.unacked));
    this.resumeIfLow();
  }

  /** Starts over with `chars` in flight (a renderer re-attached and was sent a replay). */
  reset(chars = 0): void {
    this.unacked = Math.max(0, chars);
    if (this.unacked > this.marks.high && !this.paused) {
      this.paused = true;
      this.onPause();
    } else {
      this.resumeIfLow();
    }
  }

  private resumeIfLow(): void {
    if (this.paused && this.unacked < this.marks.low) {
      this.paused = false;
      this.onResume();
    }
  }
}

/** Renderer side: sums characters xterm has parsed and says when to send an acknowledgement. */
export class AckBatcher {
  private parsed = 0;

  constructor(
    private readonly sendAck: (chars: number) => void,
    private readonly batch: number = DEFAULT_FLOW_MARKS.ackBatch,
  ) {}

  /** Call from xterm's write callback with the length of the chunk written. */
  written(chars: number): void {
    if (!(chars > 0)) return;
    this.parsed += chars;
    if (this.parsed >= this.batch) this.flush();
  }

  /** Sends whatever is pending (e.g. when output went quiet). */
  flush(): void {
    if (this.parsed === 0) return;
    const n = this.parsed;
    this.parsed = 0;
    this.sendAck(n);
  }
}

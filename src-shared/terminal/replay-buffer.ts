// The last output of a terminal, capped in characters, replayed to a renderer that (re-)attaches.

/** Keeps the newest `capacity` characters of output. */
export class ReplayBuffer {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
  }

  get length(): number {
    return this.size;
  }

  push(data: string): void {
    if (!data) return;
    if (data.length >= this.capacity) {
      this.chunks = [data.slice(data.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.capacity) {
      const head = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
      } else {
        this.chunks[0] = head.slice(excess);
        this.size -= excess;
      }
    }
  }

  /** Everything kept, oldest first. */
  read(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }
}

// The last lines of one container's log, read bounded: the apiserver is asked for a tail (tailLines + limitBytes) and
// reading stops at a byte cap even if a server ignores both, so a 2 GB log never reaches memory.
import type { KubeClient } from '../kube/kube-client';

/** Limits of one tail read. */
export interface LogTailLimits {
  readonly lines: number;
  /** Bytes read at most (also sent as limitBytes). */
  readonly maxBytes: number;
  /** Characters kept per line (longer lines are cut with `…`). */
  readonly maxLineChars: number;
}

export const DEFAULT_TAIL: LogTailLimits = { lines: 50, maxBytes: 256 * 1024, maxLineChars: 400 };

/** The tail of a container log, and whether reading stopped at the byte cap. */
export interface LogTail {
  readonly lines: readonly string[];
  readonly cut: boolean;
}

/** Keeps the last `n` complete lines of a byte stream (a ring, never the whole stream). */
export class TailLines {
  private readonly ring: string[] = [];
  private partial = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly limits: LogTailLimits) {}

  push(chunk: Uint8Array): void {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    // A line longer than the whole cap is kept cut, never grown without bound.
    if (this.partial.length > this.limits.maxLineChars * 4)
      this.partial = this.partial.slice(0, this.limits.maxLineChars + 1);
    for (const p of parts) this.add(p);
  }

  /** Ends the stream; returns the kept lines, oldest first. */
  end(): string[] {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest !== '') this.add(rest);
    return [...this.ring];
  }

  private add(line: string): void {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    this.ring.push(
      clean.length > this.limits.maxLineChars ? `${clean.slice(0, this.limits.maxLineChars - 1)}…` : clean,
    );
    if (this.ring.length > this.limits.lines) this.ring.shift();
  }
}

/** Reads the last lines of `container` in `pod`. Non-2xx → KubeError (the caller says the log is unavailable). */
export async function readLogTail(
  client: KubeClient,
  namespace: string,
  pod: string,
  container: string,
  limits: LogTailLimits = DEFAULT_TAIL,
  signal?: AbortSignal,
): Promise<LogTail> {
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // A finished container's log ends by itself; this only guards against a server that keeps the stream open.
  const timer = setTimeout(onAbort, 30_000);
  const tail = new TailLines(limits);
  let read = 0;
  let cut = false;
  try {
    const res = await client.stream(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
      {
        query: { container, tailLines: limits.lines, limitBytes: limits.maxBytes },
        signal: abort.signal,
        timeoutMs: 15_000,
      },
    );
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        const room = limits.maxBytes - read;
        tail.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        read += Math.min(chunk.length, room);
        if (read >= limits.maxBytes) {
          cut = true;
          break;
        }
      }
    } finally {
      res.destroy();
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    abort.abort();
  }
  return { lines: tail.end(), cut };
}

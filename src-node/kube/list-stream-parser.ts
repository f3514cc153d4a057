// Parses a Kubernetes list response as it streams in, one item at a time. Built-in types put metadata before
// items; custom resources (unstructured, keys sorted) put it after: both are read.
// Peak memory is one item plus one network chunk instead of the whole list (10,000 pods ≈ 15 MB of JSON).

/** The list's own metadata. */
export interface ListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Feed it text chunks; it calls `onItem` for each element of `items` and keeps the metadata. */
export class ListStreamParser {
  private buf = '';
  /** Where scanning resumes in `buf`. */
  private pos = 0;
  private phase: 'head' | 'items' | 'done' = 'head';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private itemStart = -1;
  private head: Record<string, unknown> | undefined;
  /** What follows the items array (`,"kind":…,"metadata":{…}}` for custom resources). */
  private tail = '';
  private count = 0;

  constructor(private readonly onItem: (item: unknown) => void) {}

  /** Items delivered so far. */
  get items(): number {
    return this.count;
  }

  feed(chunk: string): void {
    if (this.phase === 'done') {
      this.tail += chunk;
      return;
    }
    this.buf += chunk;
    if (this.phase === 'head') this.readHead();
    if (this.phase === 'items') this.scanItems();
  }

  /** Call after the last chunk; returns the list metadata. Throws when the body was not a complete list. */
  end(): ListMeta {
    if (this.phase === 'head') {
      // No items array at all (or an empty body): parse what there is.
      const whole = JSON.parse(this.buf || '{}') as { metadata?: ListMeta; items?: unknown[] };
      for (const item of whole.items ?? []) this.deliver(item);
      return whole.metadata ?? {};
    }
    if (this.phase !== 'done') throw new Error('The list response ended early.');
    const rest = this.tail.trim().replace(/^,/, '');
    const after = rest && rest !== '}' ? (JSON.parse(`{${rest}`) as Record<string, unknown>) : {};
    return ((after.metadata ?? this.head?.metadata) as ListMeta | undefined) ?? {};
  }

  private readHead(): void {
    // Kubernetes writes kind, apiVersion and metadata before items; find `"items":[` outside strings.
    const at = findItemsKey(this.buf);
    if (at === -1) return;
    const { keyStart, arrayStart } = at;
    const prefix = this.buf.slice(0, keyStart).replace(/,\s*$/, '');
    this.head = JSON.parse(`${prefix}}`) as Record<string, unknown>;
    this.buf = this.buf.slice(arrayStart + 1);
    this.pos = 0;
    this.phase = 'items';
  }

  private scanItems(): void {
    const s = this.buf;
    let i = this.pos;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === 0) this.itemStart = i;
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0) {
          // The `]` closing items: keep what follows (metadata of custom resource lists).
          this.phase = 'done';
          this.tail = s.slice(i + 1);
          this.buf = '';
          this.pos = 0;
          return;
        }
        this.depth--;
        if (this.depth === 0) {
          this.deliver(JSON.parse(s.slice(this.itemStart, i + 1)));
          this.itemStart = -1;
        }
      }
    }
    // Keep only the unfinished item.
    if (this.itemStart >= 0) {
      this.buf = s.slice(this.itemStart);
      this.pos = i - this.itemStart;
      this.itemStart = 0;
    } else {
      this.buf = '';
      this.pos = 0;
    }
  }

  private deliver(item: unknown): void {
    this.count++;
    this.onItem(item);
  }
}

/** Finds the top-level `"items"` key followed by `[`; -1 when not (yet) present. */
function findItemsKey(s: string): { keyStart: number; arrayStart: number } | -1 {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === QUOTE) {
      if (depth === 1 && s.startsWith('"items"', i)) {
        const m = /^"items"\s*:\s*\[/.exec(s.slice(i, i + 64));
        if (m) return { keyStart: i, arrayStart: i + m[0].length - 1 };
        if (s.length - i < 64) return -1;
      }
      inString = true;
    }
  }
  return -1;
}

// Drops the lines a resumed log stream repeats: everything before the last line seen, and as many lines with
// exactly its timestamp as were already delivered (a stream may hold many lines with one timestamp).

/** What the seam remembers about one container's stream. */
export interface SeamState {
  /** Key of the newest timestamp delivered (see `timestampKey`). */
  readonly lastKey: string | undefined;
  /** How many delivered lines carry exactly `lastKey`. */
  readonly sameCount: number;
  /** While resuming: how many more lines with `lastKey` are repeats. */
  readonly skipSame: number;
  readonly resuming: boolean;
}

export const EMPTY_SEAM: SeamState = { lastKey: undefined, sameCount: 0, skipSame: 0, resuming: false };

/** Marks the start of a resumed stream (the server replays from the second of the last line, or from the start). */
export function resumeSeam(s: SeamState): SeamState {
  return { ...s, skipSame: s.sameCount, resuming: s.lastKey !== undefined };
}

/**
 * Decides whether a line with this timestamp key is new, and the state after it.
 * Lines without a timestamp cannot be placed: they are delivered and leave the state alone.
 */
export function acceptLine(s: SeamState, key: string | undefined): { readonly isNew: boolean; readonly state: SeamState } {
  if (key === undefined || s.lastKey === undefined) {
    if (key === undefined) return { isNew: true, state: s };
    return { isNew: true, state: { lastKey: key, sameCount: 1, skipSame: 0, resuming: false } };
  }
  if (s.resuming) {
    if (key < s.lastKey) return { isNew: false, state: s };
    if (key === s.lastKey && s.skipSame > 0) return { isNew: false, state: { ...s, skipSame: s.skipSame - 1 } };
  }
  if (key === s.lastKey) return { isNew: true, state: { lastKey: key, sameCount: s.sameCount + 1, skipSame: 0, resuming: false } };
  if (key < s.lastKey) {
    // Out of order within one stream (a clock step on the node): deliver, keep the newest key as the resume point.
    return { isNew: true, state: { ...s, resuming: false, skipSame: 0 } };
  }
  return { isNew: true, state: { lastKey: key, sameCount: 1, skipSame: 0, resuming: false } };
}

// Splits typed or pasted text into pieces the contract accepts (`terminal.input` caps one call), never between the
// two halves of a surrogate pair: a paste of any size reaches the pty byte for byte.

/** Pieces of at most `max` UTF-16 units, in order; a piece ends early rather than split a surrogate pair. */
export function inputChunks(data: string, max: number): string[] {
  if (max < 2) throw new RangeError('a chunk must hold a surrogate pair');
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    let end = Math.min(i + max, data.length);
    const last = data.charCodeAt(end - 1);
    // A high surrogate at the end belongs with the low one that starts the next piece.
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(data.slice(i, end));
    i = end;
  }
  return out;
}

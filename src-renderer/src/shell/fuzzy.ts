// Fuzzy matching for the command palette: characters in order, scored for word starts and runs.

/** A match: higher score is better; `positions` are matched character indexes (for highlighting). */
export interface FuzzyMatch {
  readonly score: number;
  readonly positions: readonly number[];
}

const isWordStart = (text: string, i: number): boolean => {
  if (i === 0) return true;
  const prev = text[i - 1]!;
  const cur = text[i]!;
  return /[\s:/\-_.]/.test(prev) || (prev === prev.toLowerCase() && cur !== cur.toLowerCase());
};

const isSubsequence = (q: string, qi: number, t: string, ti: number): boolean => {
  for (; qi < q.length; qi++) {
    ti = t.indexOf(q[qi]!, ti) + 1;
    if (ti === 0) return false;
  }
  return true;
};

/**
 * Matches `query` against `text` case-insensitively; undefined when some query character is missing.
 * Spaces in the query are ignored so "th dk" finds "Theme: Dark".
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  return wordMatch(query, text, t) ?? charMatch(q, text, t);
}

/** Every space-separated query word found whole, in order (word starts preferred): the strongest kind of match. */
function wordMatch(query: string, text: string, t: string): FuzzyMatch | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (const word of words) {
    let at = -1;
    for (let j = t.indexOf(word, from); j !== -1; j = t.indexOf(word, j + 1)) {
      if (at < 0) at = j;
      if (isWordStart(text, j)) {
        at = j;
        break;
      }
    }
    if (at < 0) return undefined;
    score += word.length * 6 + (isWordStart(text, at) ? 10 : 0);
    for (let k = 0; k < word.length; k++) positions.push(at + k);
    from = at + word.length;
  }
  return { score: score + 20 - text.length * 0.05, positions };
}

function charMatch(q: string, text: string, t: string): FuzzyMatch | undefined {
  // Greedy left-to-right, but prefer a word-start occurrence when one exists ahead of the next run.
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let prevPos = -2;
  for (let qi = 0; qi < q.length; qi++) {
    const ch = q[qi]!;
    let pos = t.indexOf(ch, from);
    if (pos < 0) return undefined;
    if (pos !== prevPos + 1) {
      for (let j = pos; j !== -1; j = t.indexOf(ch, j + 1)) {
        if (isWordStart(text, j) && isSubsequence(q, qi + 1, t, j + 1)) {
          pos = j;
          break;
        }
      }
    }
    score += 1;
    if (pos === prevPos + 1) score += 5;
    if (isWordStart(text, pos)) score += 8;
    if (pos === 0) score += 3;
    positions.push(pos);
    prevPos = pos;
    from = pos + 1;
  }
  // Shorter texts and earlier first matches rank higher.
  score -= Math.min(20, (positions[0] ?? 0) * 0.5) + text.length * 0.05;
  return { score, positions };
}

/** Filters and sorts items by match score; stable for equal scores. */
export function fuzzyFilter<T>(query: string, items: readonly T[], textOf: (item: T) => string): { item: T; match: FuzzyMatch }[] {
  const out: { item: T; match: FuzzyMatch; index: number }[] = [];
  items.forEach((item, index) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match) out.push({ item, match, index });
  });
  if (query.trim()) out.sort((a, b) => b.match.score - a.match.score || a.index - b.index);
  return out.map(({ item, match }) => ({ item, match }));
}

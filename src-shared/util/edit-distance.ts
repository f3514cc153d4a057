// Levenshtein distance for "did you mean" hints (event names, Tekton fields), bounded so hostile input stays cheap.

/** Longest strings compared; longer ones are never "near" anything. */
const MAX_LENGTH = 80;

/** Edit distance between `a` and `b`; MAX_SAFE_INTEGER when either is too long or their lengths differ by `cap` or more. */
export function editDistance(a: string, b: string, cap = Number.MAX_SAFE_INTEGER): number {
  if (a.length > MAX_LENGTH || b.length > MAX_LENGTH || Math.abs(a.length - b.length) >= cap) return Number.MAX_SAFE_INTEGER;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

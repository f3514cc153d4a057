// Size caps of pipelines.apply's dry-run diffs, free of zod: the renderer shows them without loading the contract's
// schemas (building a zod object schema probes `new Function`, which the renderer's CSP reports as a violation).

/**
 * Most characters of each side of a dry run's diff, and of all diff text of one answer. A side over the cap is cut
 * at its last whole line before the cap (`truncated`); once the answer's budget is spent the remaining documents
 * carry no diff.
 */
export const MAX_APPLY_DIFF_CHARS = 128 * 1024;
export const MAX_APPLY_DIFF_TOTAL_CHARS = 2 * 1024 * 1024;

// What a dry run would change, as `kubectl diff` shows it: the live object and the dry run's answer as YAML, without
// the bookkeeping the apiserver rewrites on every write, each side bounded.
import { stringify } from 'yaml';
import { MAX_APPLY_DIFF_CHARS, MAX_APPLY_DIFF_TOTAL_CHARS, type ApplyDiff } from '../../src-shared/contract/pipelines';

/** metadata fields that change without the user changing anything. */
const NOISY_METADATA = new Set(['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of a Kubernetes object without `status`, noisy metadata and kubectl's last-applied annotation. */
export function withoutNoise(obj: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'status' || (key === 'metadata' && !isRecord(value))) continue;
    kept[key] = key === 'metadata' ? metadataWithoutNoise(value as Record<string, unknown>) : value;
  }
  return kept;
}

function metadataWithoutNoise(metadata: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (NOISY_METADATA.has(key)) continue;
    if (key === 'annotations' && isRecord(value)) {
      const { [LAST_APPLIED]: _last, ...annotations } = value;
      if (Object.keys(annotations).length > 0) kept[key] = annotations;
      continue;
    }
    kept[key] = value;
  }
  return kept;
}

/** The object as YAML for a diff (noise removed; no line folding, so a long value stays on one line). */
export function diffYaml(obj: Record<string, unknown>): string {
  return stringify(withoutNoise(obj), { lineWidth: 0 });
}

/** `text` cut at its last whole line within `max` characters. */
export function cutAtLine(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const end = text.lastIndexOf('\n', max - 1);
  return { text: end < 0 ? '' : text.slice(0, end + 1), truncated: true };
}

/**
 * Hands out diff text for one answer: each side at most MAX_APPLY_DIFF_CHARS, all sides together at most
 * MAX_APPLY_DIFF_TOTAL_CHARS; the first document whose diff does not fit spends the rest, so it and every later
 * document carry none.
 */
export class DiffBudget {
  private left: number;

  constructor(total = MAX_APPLY_DIFF_TOTAL_CHARS, private readonly perSide = MAX_APPLY_DIFF_CHARS) {
    this.left = total;
  }

  /** The diff of `live` (absent: a create) against `after`, or undefined once the budget is spent. */
  diff(live: Record<string, unknown> | undefined, after: Record<string, unknown>): ApplyDiff | undefined {
    if (this.left <= 0) return undefined;
    const afterSide = cutAtLine(diffYaml(after), this.perSide);
    const liveSide = live ? cutAtLine(diffYaml(live), this.perSide) : undefined;
    const size = afterSide.text.length + (liveSide?.text.length ?? 0);
    if (size > this.left) {
      this.left = 0;
      return undefined;
    }
    this.left -= size;
    const truncated = afterSide.truncated || (liveSide?.truncated ?? false);
    return liveSide ? { live: liveSide.text, after: afterSide.text, truncated } : { after: afterSide.text, truncated };
  }
}

// Kubernetes durations (Go's time.ParseDuration format) as Tekton's timeouts use them.
import type { RuleContext } from './context';
import { isEmpty, text, type TNode } from './tree';

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration` subset Kubernetes accepts (`1h30m`, `90s`, `0`); undefined when invalid. */
export function parseDuration(value: string): number | undefined {
  if (value === '0') return 0;
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_NS[m[2]!]!;
  return total;
}

/** Reports a value that is not a duration; returns nanoseconds. */
export function checkDuration(ctx: RuleContext, node: TNode | undefined, field: string): number | undefined {
  if (node === undefined || isEmpty(node)) return undefined;
  const value = text(node) ?? '';
  const ns = parseDuration(value);
  if (ns === undefined) ctx.report.error('timeout-invalid', `\`${field}\` must be a duration such as \`1h\`, \`30m\` or \`1h30m\`, got \`${value}\``, node);
  return ns;
}

// `$(params.…)` references checked against the declared params (undeclared name, unknown object key, array misuse).
import type { RuleContext } from './context';
import { didYouMean } from './names';
import type { DeclaredParams } from './params';
import type { TNode } from './tree';
import { parseParamRef, refRange, variableRefs } from './variables';

/** A string to scan, with its node; `isolatedOk` when a whole-array/object reference may stand alone there. */
export interface ScannedString {
  readonly node: TNode;
  readonly value: string;
  readonly isolatedOk: boolean;
}

/** Reports references to undeclared params, unknown object keys and arrays used inside strings. */
export function checkParamUsage(ctx: RuleContext, strings: readonly ScannedString[], declared: DeclaredParams, owner: 'Pipeline' | 'Task'): void {
  for (const s of strings) {
    for (const ref of variableRefs(s.value)) {
      if (!ref.expression.startsWith('params')) continue;
      const p = parseParamRef(ref.expression);
      if (!p) continue;
      const at = refRange(ctx.text, s.node, ref, s.value);
      const type = declared.types.get(p.name);
      if (type === undefined) {
        const near = didYouMean(p.name, declared.types.keys());
        const fixes = near === undefined || at === s.node ? undefined : [{ title: `Change to \`${near}\``, edits: [ctx.report.edit(at.start, at.end, `$(${ref.expression.replace(p.name, near)})`)] }];
        ctx.report.error(
          'param-undeclared',
          `\`$(${ref.expression})\` refers to param \`${p.name}\`, which the ${owner} does not declare: add it to \`params\`${near ? ` — did you mean \`${near}\`?` : ''}`,
          at,
          fixes,
        );
        continue;
      }
      if (type === 'object' && p.key !== undefined) {
        const keys = declared.objectKeys.get(p.name) ?? [];
        if (!keys.includes(p.key)) {
          ctx.report.error('param-object-key-unknown', `object param \`${p.name}\` has no key \`${p.key}\`; declared keys: ${keys.map((k) => `\`${k}\``).join(', ') || 'none'}`, at);
        }
        continue;
      }
      const whole = !p.indexed && p.key === undefined;
      const isolated = s.value.trim() === s.value.slice(ref.index, ref.index + ref.length) && ref.index === s.value.indexOf('$(');
      if ((type === 'array' || type === 'object') && whole && !(s.isolatedOk && isolated)) {
        ctx.report.error(
          type === 'array' ? 'param-array-in-string' : 'param-object-in-string',
          type === 'array'
            ? `array param \`${p.name}\` cannot be embedded in a string: use it alone as \`$(params.${p.name}[*])\` in an array value, or pick one element with \`$(params.${p.name}[0])\``
            : `object param \`${p.name}\` cannot be embedded in a string: use one key, e.g. \`$(params.${p.name}.<key>)\`, or pass the whole object alone`,
          at,
        );
      }
    }
  }
}

// Object metadata checks Tekton's webhook makes (name format and length).
import type { RuleContext } from './context';
import { isDns1123Subdomain } from './names';
import { entry, get, str, type TNode } from './tree';

/** `metadata.name` (or `generateName`) must exist, be a DNS-1123 subdomain ≤ 63 characters. */
export function checkMetadata(ctx: RuleContext, root: TNode, kind: string): void {
  const metadata = get(root, 'metadata');
  const nameNode = get(metadata, 'name');
  const name = str(nameNode);
  if (name === undefined) {
    if (str(get(metadata, 'generateName')) === undefined) {
      ctx.report.error('metadata-name-missing', `the ${kind} needs \`metadata.name\`${kind.endsWith('Run') ? ' (or `metadata.generateName`)' : ''}`, metadata ?? entry(root, 'kind')?.keyNode ?? root);
    }
    return;
  }
  if (name.includes('$(')) return;
  if (!isDns1123Subdomain(name) || name.length > 63) {
    ctx.report.error(
      'metadata-name-invalid',
      `\`${name}\` is not a valid ${kind} name: use at most 63 lowercase letters, digits and \`-\`, starting and ending with a letter or digit`,
      nameNode!,
    );
  }
}

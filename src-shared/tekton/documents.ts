// Bounded parsing of a (multi-document) YAML file into positioned views, reporting syntax and limit problems.
import { parseAllDocuments, type Document } from 'yaml';
import type { Reporter } from './report';
import { buildTree, get, LimitError, str, type DuplicateKey, type TNode } from './tree';
import type { LintLimits } from './types';

/** One YAML document of a file, viewed. */
export interface ParsedDocument {
  readonly index: number;
  /** UTF-16 offsets of the document in the file. */
  readonly start: number;
  readonly end: number;
  /** Undefined when the document is empty or could not be viewed (a diagnostic says why). */
  readonly root: TNode | undefined;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  /** The `yaml` document (for edits such as the v1beta1 → v1 conversion). */
  readonly yaml: Document;
}

/** Parses every document of `text` within `limits`; problems go to `report`. */
export function parseDocuments(text: string, limits: LintLimits, report: Reporter): ParsedDocument[] {
  if (text.length > limits.maxTextLength) {
    report.error(
      'file-too-large',
      `the file has ${text.length.toLocaleString('en-US')} characters, more than the linter reads (${limits.maxTextLength.toLocaleString('en-US')}); split it into smaller files`,
      { start: 0, end: 0 },
    );
    return [];
  }
  if (looksBinary(text)) {
    report.error('not-yaml', 'this is not a text file (it contains NUL or other control characters); lint only YAML files', { start: 0, end: 0 });
    return [];
  }
  const deep = flowDepthExceeds(text, limits.maxDepth * 2);
  if (deep !== undefined) {
    report.error('yaml-depth-limit', `brackets nest deeper than ${limits.maxDepth * 2} levels; flatten the document`, { start: deep, end: deep + 1 });
    return [];
  }
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  const out: ParsedDocument[] = [];
  for (const [index, doc] of list.entries()) {
    report.document = index;
    const range = doc.range ?? [0, text.length, text.length];
    if (index >= limits.maxDocuments) {
      report.error(
        'too-many-documents',
        `the file has ${list.length} YAML documents; only the first ${limits.maxDocuments} are checked — split it into smaller files`,
        { start: range[0], end: range[0] },
      );
      break;
    }
    for (const e of doc.errors) report.add('error', 'yaml-syntax', `YAML syntax: ${firstLine(e.message)}`, e.pos[0], e.pos[1]);
    for (const w of doc.warnings) report.add('warning', 'yaml-warning', `YAML: ${firstLine(w.message)}`, w.pos[0], w.pos[1]);
    let root: TNode | undefined;
    if (doc.errors.length === 0) {
      const duplicates: DuplicateKey[] = [];
      try {
        root = buildTree(doc, limits, duplicates);
      } catch (err) {
        if (!(err instanceof LimitError)) throw err;
        report.error(err.code, err.message, err);
      }
      for (const d of duplicates) report.error('yaml-duplicate-key', `\`${d.key}\` appears twice in this map; keep one (Kubernetes rejects duplicate keys)`, d);
    }
    out.push({
      index,
      start: range[0],
      end: range[2],
      root,
      apiVersion: str(get(root, 'apiVersion')),
      kind: str(get(root, 'kind')),
      name: str(get(root, 'metadata', 'name')),
      yaml: doc,
    });
  }
  report.document = 0;
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Offset of the first `[`/`{` nested deeper than `limit` (outside quotes and comments), scanned before
 * parsing: `yaml` itself gives up only around 1,000 levels, after a lot of work.
 */
function flowDepthExceeds(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      else if (c === '\n' && depth === 0) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n' || text[i - 1] === '\t')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    } else if (c === '\n' && !/^[\s\]},]/.test(text[i + 1] ?? '')) {
      // A new block-context line at column 0 ends any unbalanced run of brackets in plain scalars.
      depth = 0;
    }
  }
  return undefined;
}

/** NUL or C0 control characters other than tab/newline/CR in the first 8 KB: binary, not YAML. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(head);
}

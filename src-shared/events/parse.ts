// Parses and validates the annotation value (YAML, GitHub `on:` syntax) into a compiled TriggerSpec.
import { Document, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { minuteInterval, parseCron } from './cron';
import { compilePatterns } from './filters';
import {
  ACTIVITY_TYPES,
  EVENT_KEYS,
  isEventName,
  suggest,
  UNSUPPORTED_GITHUB_EVENTS,
} from './schema';
import type { CronSchedule, Diagnostic, DispatchInput, EventName, EventTrigger, FilterKey, PatternFilter, TriggerSpec } from './types';
import { EVENT_NAMES } from './types';

/** The result of parsing an annotation value. */
export interface ParseResult {
  /** Undefined when any diagnostic is an error. */
  spec: TriggerSpec | undefined;
  diagnostics: Diagnostic[];
}

/** Parses the annotation value; `spec` is undefined when any diagnostic is an error. */
export function parseTriggers(annotationValue: string): ParseResult {
  return new AnnotationParser(annotationValue).run();
}

const SUPPORTED = EVENT_NAMES.map((e) => `\`${e}\``).join(', ');
const INPUT_TYPES = ['string', 'boolean', 'choice', 'number', 'environment'] as const;
const INPUT_KEYS = ['description', 'required', 'default', 'type', 'options'];
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// IANA zone names (`Europe/London`, `America/Argentina/Buenos_Aires`) or `UTC`; existence is checked by the scheduler.
const TIMEZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

class AnnotationParser {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  run(): ParseResult {
    const doc = parseDocument(this.text, { prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) this.add('error', yamlMessage(e.message, e.code), e.pos[0], e.pos[1]);
    for (const w of doc.warnings) this.add('warning', yamlMessage(w.message, w.code), w.pos[0], w.pos[1]);
    if (doc.errors.length > 0) return this.result(undefined);

    const root = doc.contents;
    const triggers: EventTrigger[] = [];
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      this.add('error', 'the annotation names no event: write an event such as `push`, a list such as `[push, pull_request]`, or a map of events to filters', 0, this.text.length);
      return this.result(undefined);
    }
    if (isScalar(root)) {
      const name = this.eventName(root);
      if (name) this.bareEvent(name, root, triggers);
    } else if (isSeq(root)) {
      const seen = new Set<string>();
      for (const item of root.items) {
        if (!isScalar(item) || typeof item.value !== 'string') {
          this.addNode('error', 'each list item must be an event name such as `push`', item);
          continue;
        }
        const name = this.eventName(item);
        if (!name) continue;
        if (seen.has(name)) {
          this.addNode('warning', `\`${name}\` is listed twice`, item);
          continue;
        }
        seen.add(name);
        this.bareEvent(name, item, triggers);
      }
    } else if (isMap(root)) {
      for (const pair of root.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value !== 'string') {
          this.addNode('error', 'each key must be an event name such as `push`', asNode(key));
          continue;
        }
        if (key.value === 'on') {
          this.addNode('error', 'the annotation holds what goes under `on:` in a GitHub workflow, not the `on:` key itself: remove `on:` and unindent the rest', key);
          continue;
        }
        const name = this.eventName(key);
        if (!name) continue;
        const trigger = this.eventConfig(name, pair, key);
        if (trigger) triggers.push(trigger);
      }
    } else {
      this.addNode('error', 'the annotation must be an event name, a list of event names, or a map of events to filters', asNode(root));
    }
    return this.result({ triggers });
  }

  private result(spec: TriggerSpec | undefined): ParseResult {
    const ok = spec !== undefined && !this.diagnostics.some((d) => d.severity === 'error');
    return { spec: ok ? spec : undefined, diagnostics: this.diagnostics };
  }

  private eventName(node: Scalar): EventName | undefined {
    const value = String(node.value);
    if (isEventName(value)) return value;
    if (UNSUPPORTED_GITHUB_EVENTS.includes(value)) {
      this.addNode('error', `\`${value}\` is a GitHub event PIPE does not trigger on; supported events: ${SUPPORTED}`, node);
      return undefined;
    }
    const near = suggest(value, EVENT_NAMES);
    this.addNode('error', `unknown event \`${value}\`${near ? ` — did you mean \`${near}\`?` : ''}; supported events: ${SUPPORTED}`, node);
    return undefined;
  }

  private bareEvent(name: EventName, node: Node, triggers: EventTrigger[]): void {
    if (name === 'schedule') {
      this.addNode('error', '`schedule` needs cron entries: write it as a map, e.g. `schedule: [{cron: "30 5 * * 1"}]`', node);
      return;
    }
    triggers.push({ event: name });
  }

  private eventConfig(name: EventName, pair: Pair, key: Scalar): EventTrigger | undefined {
    const value = pair.value;
    if (name === 'schedule') return this.schedule(key, value);
    if (value === null || value === undefined || (isScalar(value) && value.value === null)) return { event: name };
    if (!isMap(value)) {
      const allowed = EVENT_KEYS[name];
      const what = allowed.length > 0 ? `a map of ${allowed.map((k) => `\`${k}\``).join(', ')}` : 'empty';
      this.addNode('error', `\`${name}\` must be ${what}${isSeq(value) || isScalar(value) ? `; did you mean \`${name}: { ${allowed[0] ?? ''}: … }\`?` : ''}`, asNode(value));
      return undefined;
    }
    const trigger: { -readonly [K in keyof EventTrigger]: EventTrigger[K] } = { event: name };
    const allowed = EVENT_KEYS[name];
    const filterKeys = new Map<string, Scalar>();
    for (const item of value.items) {
      const k = item.key;
      if (!isScalar(k) || typeof k.value !== 'string') {
        this.addNode('error', 'filter keys must be strings', asNode(k));
        continue;
      }
      const keyName = k.value;
      if (!allowed.includes(keyName)) {
        this.unknownKey(name, keyName, k);
        continue;
      }
      if (keyName === 'types') {
        trigger.types = this.types(name, item.value, k);
      } else if (keyName === 'inputs') {
        trigger.inputs = this.inputs(item.value);
      } else {
        filterKeys.set(keyName, k);
        const filter = this.filter(keyName as FilterKey, item.value, k);
        if (filter) {
          const slot = keyName.startsWith('branches') ? 'branches' : keyName.startsWith('tags') ? 'tags' : 'paths';
          trigger[slot] = filter;
        }
      }
    }
    for (const base of ['branches', 'tags', 'paths']) {
      const ignoreKey = filterKeys.get(`${base}-ignore`);
      if (filterKeys.has(base) && ignoreKey) {
        this.addNode(
          'error',
          `\`${base}\` and \`${base}-ignore\` cannot be used together for the same event; keep \`${base}\` and exclude with \`!\` patterns`,
          ignoreKey,
        );
      }
    }
    return trigger;
  }

  private unknownKey(event: EventName, key: string, node: Scalar): void {
    const allowed = EVENT_KEYS[event];
    if (allowed.length === 0) {
      this.addNode('error', `\`${event}\` takes no filters; remove \`${key}\` (write \`${event}:\` alone)`, node);
      return;
    }
    const near = suggest(key, allowed);
    const hint = near ? ` — did you mean \`${near}\`?` : '';
    this.addNode('error', `unknown key \`${key}\` for \`${event}\`${hint}; allowed: ${allowed.map((k) => `\`${k}\``).join(', ')}`, node);
  }

  /** A string or a list of strings (GitHub accepts both for filters and types). */
  private stringList(value: unknown, key: Scalar, what: string): { text: string; node: Scalar }[] | undefined {
    const items: unknown[] = isSeq(value) ? value.items : [value];
    if (value === null || value === undefined || (isScalar(value) && value.value === null && value.source === '')) {
      this.addNode('error', `\`${String(key.value)}\` needs at least one ${what}`, key);
      return undefined;
    }
    if (isSeq(value) && value.items.length === 0) {
      this.addNode('error', `\`${String(key.value)}\` needs at least one ${what}`, asNode(value));
      return undefined;
    }
    const out: { text: string; node: Scalar }[] = [];
    let ok = true;
    for (const item of items) {
      if (isAlias(item)) {
        this.addNode('error', `a ${what} starting with \`*\` must be quoted in YAML, e.g. '${'*'}${String(item.source)}'`, item);
        ok = false;
        continue;
      }
      if (!isScalar(item)) {
        this.addNode('error', `each ${what} must be a string${isMap(item) ? ' (a `:` inside an unquoted pattern makes a map: quote the pattern)' : ''}`, asNode(item));
        ok = false;
        continue;
      }
      const text = scalarText(item);
      if (text === '') {
        this.addNode('error', `a ${what} cannot be empty`, item);
        ok = false;
        continue;
      }
      out.push({ text, node: item });
    }
    return ok ? out : undefined;
  }

  private types(event: EventName, value: unknown, key: Scalar): readonly string[] | undefined {
    const list = this.stringList(value, key, 'activity type');
    if (!list) return undefined;
    const allowed = ACTIVITY_TYPES[event] ?? [];
    const out: string[] = [];
    for (const { text, node } of list) {
      if (!allowed.includes(text)) {
        const near = suggest(text, allowed);
        this.addNode(
          'error',
          `unknown activity type \`${text}\` for \`${event}\`${near ? ` — did you mean \`${near}\`?` : ''}; allowed: ${allowed.join(', ')}`,
          node,
        );
        continue;
      }
      if (!out.includes(text)) out.push(text);
    }
    return out;
  }

  private filter(key: FilterKey, value: unknown, keyNode: Scalar): PatternFilter | undefined {
    const what = key.startsWith('paths') ? 'path pattern' : key.startsWith('tags') ? 'tag pattern' : 'branch pattern';
    const list = this.stringList(value, keyNode, what);
    if (!list) return undefined;
    const { filter, problems } = compilePatterns(key, list.map((l) => l.text));
    for (const p of problems) {
      const item = list[p.index]!;
      this.addInScalar('error', `invalid pattern \`${item.text}\`: ${p.message}`, item.node, p.start, p.end);
    }
    if (!filter) return undefined;
    if (list.every((l) => l.text.startsWith('!'))) {
      const base = key.replace('-ignore', '');
      const message = key.endsWith('-ignore')
        ? `\`${key}\` has only \`!\` patterns, which ignore nothing: add a pattern to ignore before them`
        : `\`${key}\` has only \`!\` patterns, so nothing can match: add a positive pattern first (e.g. \`'**'\`), or use \`${base}-ignore\` to only exclude`;
      this.addNode('error', message, asNode(value) ?? keyNode);
      return undefined;
    }
    return filter;
  }

  private inputs(value: unknown): readonly DispatchInput[] | undefined {
    if (value === null || value === undefined || (isScalar(value) && value.value === null)) return [];
    if (!isMap(value)) {
      this.addNode('error', '`inputs` must be a map of input names to their settings', asNode(value));
      return undefined;
    }
    const out: DispatchInput[] = [];
    for (const pair of value.items) {
      const k = pair.key;
      if (!isScalar(k) || typeof k.value !== 'string' || !INPUT_NAME.test(k.value)) {
        this.addNode('error', 'an input name must start with a letter or `_` and contain only letters, digits, `-` or `_`', asNode(k));
        continue;
      }
      const input = this.input(k.value, pair.value, k);
      if (input) out.push(input);
    }
    return out;
  }

  private input(name: string, value: unknown, keyNode: Scalar): DispatchInput | undefined {
    if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
      return { name, required: false, type: 'string' };
    }
    if (!isMap(value)) {
      this.addNode('error', `input \`${name}\` must be a map (description, required, default, type, options)`, asNode(value));
      return undefined;
    }
    const get = (k: string): unknown => (value as YAMLMap).get(k, true);
    let ok = true;
    for (const pair of value.items) {
      const k = pair.key;
      if (!isScalar(k) || typeof k.value !== 'string' || !INPUT_KEYS.includes(k.value)) {
        const keyText = isScalar(k) ? String(k.value) : '?';
        const near = suggest(keyText, INPUT_KEYS);
        this.addNode('error', `unknown input setting \`${keyText}\`${near ? ` — did you mean \`${near}\`?` : ''}; allowed: ${INPUT_KEYS.join(', ')}`, asNode(k));
        ok = false;
      }
    }
    const typeNode = get('type');
    let type: DispatchInput['type'] = 'string';
    if (typeNode !== undefined) {
      const t = isScalar(typeNode) ? scalarText(typeNode) : '';
      if (!(INPUT_TYPES as readonly string[]).includes(t)) {
        this.addNode('error', `input type must be one of ${INPUT_TYPES.join(', ')}`, asNode(typeNode));
        ok = false;
      } else {
        type = t as DispatchInput['type'];
      }
    }
    const requiredNode = get('required');
    let required = false;
    if (requiredNode !== undefined) {
      if (!isScalar(requiredNode) || typeof requiredNode.value !== 'boolean') {
        this.addNode('error', '`required` must be `true` or `false`', asNode(requiredNode));
        ok = false;
      } else {
        required = requiredNode.value;
      }
    }
    const descNode = get('description');
    const description = isScalar(descNode) && descNode.value !== null ? scalarText(descNode) : undefined;
    let options: string[] | undefined;
    const optionsNode = get('options');
    if (optionsNode !== undefined) {
      if (!isSeq(optionsNode) || !optionsNode.items.every(isScalar)) {
        this.addNode('error', '`options` must be a list of strings', asNode(optionsNode));
        ok = false;
      } else {
        options = optionsNode.items.map((i) => scalarText(i as Scalar));
      }
    }
    if (type === 'choice' && (!options || options.length === 0)) {
      this.addNode('error', `input \`${name}\` has type \`choice\` and needs \`options\``, keyNode);
      ok = false;
    }
    const defaultNode = get('default');
    let def: string | undefined;
    if (defaultNode !== undefined) {
      if (!isScalar(defaultNode)) {
        this.addNode('error', '`default` must be a string, number or boolean', asNode(defaultNode));
        ok = false;
      } else {
        def = scalarText(defaultNode);
        const problem =
          type === 'boolean' && def !== 'true' && def !== 'false'
            ? 'must be `true` or `false`'
            : type === 'number' && (def.trim() === '' || !Number.isFinite(Number(def)))
              ? 'must be a number'
              : type === 'choice' && options && !options.includes(def)
                ? `must be one of the options (${options.join(', ')})`
                : undefined;
        if (problem) {
          this.addNode('error', `default of input \`${name}\` ${problem}`, defaultNode);
          ok = false;
        }
      }
    }
    if (!ok) return undefined;
    return {
      name,
      required,
      type,
      ...(description !== undefined ? { description } : {}),
      ...(def !== undefined ? { default: def } : {}),
      ...(options ? { options } : {}),
    };
  }

  private schedule(key: Scalar, value: unknown): EventTrigger | undefined {
    if (!isSeq(value) || value.items.length === 0) {
      this.addNode('error', '`schedule` must be a list of cron entries, e.g. `- cron: "30 5 * * 1"`', asNode(value) ?? key);
      return undefined;
    }
    const schedules: CronSchedule[] = [];
    let ok = true;
    for (const item of value.items) {
      if (!isMap(item)) {
        const hint = isScalar(item) ? ' — write `- cron: "…"`' : '';
        this.addNode('error', `each schedule entry must be a map with \`cron\`${hint}`, asNode(item));
        ok = false;
        continue;
      }
      let cron: string | undefined;
      let timezone: string | undefined;
      for (const pair of item.items) {
        const k = pair.key;
        const keyText = isScalar(k) ? String(k.value) : '?';
        const v = pair.value;
        if (keyText === 'cron') {
          if (!isScalar(v) || typeof v.value !== 'string') {
            this.addNode('error', '`cron` must be a string; quote it, e.g. `cron: "0 * * * *"`', asNode(v) ?? asNode(k));
            ok = false;
            continue;
          }
          const parsed = parseCron(v.value);
          if ('error' in parsed) {
            this.addNode('error', `invalid cron expression: ${parsed.error}`, v);
            ok = false;
            continue;
          }
          if (minuteInterval(parsed.fields) < 5) {
            this.addNode('warning', 'GitHub runs scheduled workflows at most once every 5 minutes; this schedule asks for more', v);
          }
          cron = v.value.trim();
        } else if (keyText === 'timezone') {
          if (!isScalar(v) || typeof v.value !== 'string' || !TIMEZONE.test(v.value)) {
            this.addNode('error', '`timezone` must be an IANA time zone name such as `Europe/London`', asNode(v) ?? asNode(k));
            ok = false;
            continue;
          }
          timezone = v.value;
        } else {
          const near = suggest(keyText, ['cron', 'timezone']);
          this.addNode('error', `unknown key \`${keyText}\` in a schedule entry${near ? ` — did you mean \`${near}\`?` : ''}; allowed: cron, timezone`, asNode(k));
          ok = false;
        }
      }
      if (cron === undefined) {
        if (ok) this.addNode('error', 'a schedule entry needs `cron`', item);
        ok = false;
        continue;
      }
      schedules.push(timezone !== undefined ? { cron, timezone } : { cron });
    }
    return ok ? { event: 'schedule', schedules } : undefined;
  }

  private add(severity: Diagnostic['severity'], message: string, start: number, end: number): void {
    const s = this.pos(Math.max(0, Math.min(start, this.text.length)));
    const e = this.pos(Math.max(start, Math.min(end, this.text.length)));
    this.diagnostics.push({ severity, message, line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
  }

  private addNode(severity: Diagnostic['severity'], message: string, node: Node | undefined): void {
    const range = node?.range;
    if (!range) {
      this.add(severity, message, 0, this.text.length);
      return;
    }
    this.add(severity, message, range[0], range[1]);
  }

  /** Points into a pattern scalar when source and value line up (plain or quotes without escapes). */
  private addInScalar(severity: Diagnostic['severity'], message: string, node: Scalar, start: number, end: number): void {
    const range = node.range;
    if (range) {
      const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
      const contentStart = range[0] + (quoted ? 1 : 0);
      const value = String(node.value);
      if (this.text.slice(contentStart, contentStart + value.length) === value) {
        this.add(severity, message, contentStart + start, contentStart + Math.max(end, start + 1));
        return;
      }
    }
    this.addNode(severity, message, node);
  }

  private pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

function asNode(value: unknown): Node | undefined {
  return isNode(value) ? value : undefined;
}

/** The text of a scalar as written: plain `2.0` stays "2.0" instead of the number 2. */
function scalarText(node: Scalar): string {
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return node.value === null || node.value === undefined ? '' : String(node.value);
}

function yamlMessage(message: string, code: string): string {
  if (code === 'MULTIPLE_DOCS') return 'YAML syntax: the annotation must be a single YAML document (remove `---`)';
  if (code === 'DUPLICATE_KEY') return 'YAML syntax: this key appears twice; merge the two entries';
  if (/flow (sequence|collection|map)/i.test(message)) {
    return `YAML syntax: ${message}. In a \`[...]\` list, quote patterns that contain \`[\` or \`]\`, e.g. [main, 'release/v[0-9]']`;
  }
  if (code === 'BAD_ALIAS' || code === 'UNEXPECTED_TOKEN') {
    return `YAML syntax: ${message}. Patterns starting with \`*\`, \`[\` or \`!\` must be quoted, e.g. '**/README.md'`;
  }
  return `YAML syntax: ${message}`;
}

/** A problem with the annotation as a node of the Pipeline YAML (positions are the editor's to map). */
export interface AnnotationNodeProblem {
  readonly message: string;
  /** The annotation value the user most likely meant, as text to put in a block string (`|`). */
  readonly suggestedValue?: string;
}

/**
 * For the editor: checks the Pipeline YAML node under `metadata.annotations["pipe.linecorp.com/event"]`.
 * Kubernetes annotation values are strings, so a map or list written directly under the key is a mistake;
 * the hint says to turn it into a block string. Returns undefined for a string value.
 */
export function diagnoseAnnotationNode(node: unknown): AnnotationNodeProblem | undefined {
  if (isAlias(node)) return { message: 'the event annotation must be a string, not a YAML alias' };
  if (isScalar(node)) {
    if (typeof node.value === 'string') return undefined;
    if (node.value === null) return { message: 'the event annotation is empty: name at least one event, e.g. `push`' };
    return {
      message: `annotation values must be strings; quote it: '${String(node.source ?? node.value)}'`,
      suggestedValue: String(node.source ?? node.value),
    };
  }
  if (isMap(node) || isSeq(node)) {
    const kind = isMap(node) ? 'a YAML map' : 'a YAML list';
    const suggestedValue = new Document(node).toString().trimEnd();
    return {
      message:
        `annotation values must be strings, but this is ${kind}. Write the trigger as a block string: ` +
        '`pipe.linecorp.com/event: |` followed by the same lines, indented',
      suggestedValue,
    };
  }
  return { message: 'the event annotation must be a string' };
}

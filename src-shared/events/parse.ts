// Parses and validates the annotation value (YAML, GitHub `on:` syntax) into a compiled TriggerSpec.
import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml';
import { compilePatterns } from './filters';
import { parseDispatchInputs } from './parse-inputs';
import { parseSchedule } from './parse-schedule';
import { ACTIVITY_TYPES, EVENT_KEYS, isEventName, suggest, UNSUPPORTED_GITHUB_EVENTS } from './schema';
import type { Diagnostic, EventName, EventTrigger, FilterKey, PatternFilter, TriggerSpec } from './types';
import { EVENT_NAMES } from './types';
import { asNode, DiagnosticSink, scalarText } from './yaml-sink';

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

class AnnotationParser {
  private readonly sink: DiagnosticSink;

  constructor(private readonly text: string) {
    this.sink = new DiagnosticSink(text);
  }

  run(): ParseResult {
    const doc = parseDocument(this.text, { prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) this.sink.add('error', yamlMessage(e.message, e.code), e.pos[0], e.pos[1]);
    for (const w of doc.warnings)
      this.sink.add('warning', yamlMessage(w.message, w.code), w.pos[0], w.pos[1]);
    if (doc.errors.length > 0) return this.result(undefined);

    const root = doc.contents;
    const triggers: EventTrigger[] = [];
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      this.sink.add(
        'error',
        'the annotation names no event: write an event such as `push`, a list such as `[push, pull_request]`, or a map of events to filters',
        0,
        this.text.length,
      );
      return this.result(undefined);
    }
    if (isScalar(root)) {
      const name = this.eventName(root);
      if (name) this.bareEvent(name, root, triggers);
    } else if (isSeq(root)) {
      const seen = new Set<string>();
      for (const item of root.items) {
        if (!isScalar(item) || typeof item.value !== 'string') {
          this.sink.addNode('error', 'each list item must be an event name such as `push`', item);
          continue;
        }
        const name = this.eventName(item);
        if (!name) continue;
        if (seen.has(name)) {
          this.sink.addNode('warning', `\`${name}\` is listed twice`, item);
          continue;
        }
        seen.add(name);
        this.bareEvent(name, item, triggers);
      }
    } else if (isMap(root)) {
      for (const pair of root.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value !== 'string') {
          this.sink.addNode('error', 'each key must be an event name such as `push`', asNode(key));
          continue;
        }
        if (key.value === 'on') {
          this.sink.addNode(
            'error',
            'the annotation holds what goes under `on:` in a GitHub workflow, not the `on:` key itself: remove `on:` and unindent the rest',
            key,
          );
          continue;
        }
        const name = this.eventName(key);
        if (!name) continue;
        const trigger = this.eventConfig(name, pair, key);
        if (trigger) triggers.push(trigger);
      }
    } else {
      this.sink.addNode(
        'error',
        'the annotation must be an event name, a list of event names, or a map of events to filters',
        asNode(root),
      );
    }
    return this.result({ triggers });
  }

  private result(spec: TriggerSpec | undefined): ParseResult {
    const ok = spec !== undefined && !this.sink.hasErrors();
    return { spec: ok ? spec : undefined, diagnostics: this.sink.diagnostics };
  }

  private eventName(node: Scalar): EventName | undefined {
    const value = String(node.value);
    if (isEventName(value)) return value;
    if (UNSUPPORTED_GITHUB_EVENTS.includes(value)) {
      this.sink.addNode(
        'error',
        `\`${value}\` is a GitHub event PIPE does not trigger on; supported events: ${SUPPORTED}`,
        node,
      );
      return undefined;
    }
    const near = suggest(value, EVENT_NAMES);
    this.sink.addNode(
      'error',
      `unknown event \`${value}\`${near ? ` — did you mean \`${near}\`?` : ''}; supported events: ${SUPPORTED}`,
      node,
    );
    return undefined;
  }

  private bareEvent(name: EventName, node: Node, triggers: EventTrigger[]): void {
    if (name === 'schedule') {
      this.sink.addNode(
        'error',
        '`schedule` needs cron entries: write it as a map, e.g. `schedule: [{cron: "30 5 * * 1"}]`',
        node,
      );
      return;
    }
    triggers.push({ event: name });
  }

  private eventConfig(name: EventName, pair: Pair, key: Scalar): EventTrigger | undefined {
    const value = pair.value;
    if (name === 'schedule') return parseSchedule(key, value, this.sink);
    if (value === null || value === undefined || (isScalar(value) && value.value === null))
      return { event: name };
    if (!isMap(value)) {
      const allowed = EVENT_KEYS[name];
      const what = allowed.length > 0 ? `a map of ${allowed.map((k) => `\`${k}\``).join(', ')}` : 'empty';
      this.sink.addNode(
        'error',
        `\`${name}\` must be ${what}${isSeq(value) || isScalar(value) ? `; did you mean \`${name}: { ${allowed[0] ?? ''}: … }\`?` : ''}`,
        asNode(value),
      );
      return undefined;
    }
    const trigger: { -readonly [K in keyof EventTrigger]: EventTrigger[K] } = { event: name };
    const allowed = EVENT_KEYS[name];
    const filterKeys = new Map<string, Scalar>();
    for (const item of value.items) {
      const k = item.key;
      if (!isScalar(k) || typeof k.value !== 'string') {
        this.sink.addNode('error', 'filter keys must be strings', asNode(k));
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
        trigger.inputs = parseDispatchInputs(item.value, this.sink);
      } else {
        filterKeys.set(keyName, k);
        const filter = this.filter(keyName as FilterKey, item.value, k);
        if (filter) {
          const slot = keyName.startsWith('branches')
            ? 'branches'
            : keyName.startsWith('tags')
              ? 'tags'
              : 'paths';
          trigger[slot] = filter;
        }
      }
    }
    for (const base of ['branches', 'tags', 'paths']) {
      const ignoreKey = filterKeys.get(`${base}-ignore`);
      if (filterKeys.has(base) && ignoreKey) {
        this.sink.addNode(
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
      this.sink.addNode(
        'error',
        `\`${event}\` takes no filters; remove \`${key}\` (write \`${event}:\` alone)`,
        node,
      );
      return;
    }
    const near = suggest(key, allowed);
    const hint = near ? ` — did you mean \`${near}\`?` : '';
    this.sink.addNode(
      'error',
      `unknown key \`${key}\` for \`${event}\`${hint}; allowed: ${allowed.map((k) => `\`${k}\``).join(', ')}`,
      node,
    );
  }

  /** A string or a list of strings (GitHub accepts both for filters and types). */
  private stringList(
    value: unknown,
    key: Scalar,
    what: string,
  ): { text: string; node: Scalar }[] | undefined {
    const items: unknown[] = isSeq(value) ? value.items : [value];
    if (
      value === null ||
      value === undefined ||
      (isScalar(value) && value.value === null && value.source === '')
    ) {
      this.sink.addNode('error', `\`${String(key.value)}\` needs at least one ${what}`, key);
      return undefined;
    }
    if (isSeq(value) && value.items.length === 0) {
      this.sink.addNode('error', `\`${String(key.value)}\` needs at least one ${what}`, asNode(value));
      return undefined;
    }
    const out: { text: string; node: Scalar }[] = [];
    let ok = true;
    for (const item of items) {
      if (isAlias(item)) {
        this.sink.addNode(
          'error',
          `a ${what} starting with \`*\` must be quoted in YAML, e.g. '${'*'}${String(item.source)}'`,
          item,
        );
        ok = false;
        continue;
      }
      if (!isScalar(item)) {
        this.sink.addNode(
          'error',
          `each ${what} must be a string${isMap(item) ? ' (a `:` inside an unquoted pattern makes a map: quote the pattern)' : ''}`,
          asNode(item),
        );
        ok = false;
        continue;
      }
      const text = scalarText(item);
      if (text === '') {
        this.sink.addNode('error', `a ${what} cannot be empty`, item);
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
        this.sink.addNode(
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
    const what = key.startsWith('paths')
      ? 'path pattern'
      : key.startsWith('tags')
        ? 'tag pattern'
        : 'branch pattern';
    const list = this.stringList(value, keyNode, what);
    if (!list) return undefined;
    const { filter, problems } = compilePatterns(
      key,
      list.map((l) => l.text),
    );
    for (const p of problems) {
      const item = list[p.index]!;
      this.sink.addInScalar(
        'error',
        `invalid pattern \`${item.text}\`: ${p.message}`,
        item.node,
        p.start,
        p.end,
      );
    }
    if (!filter) return undefined;
    if (list.every((l) => l.text.startsWith('!'))) {
      const base = key.replace('-ignore', '');
      const message = key.endsWith('-ignore')
        ? `\`${key}\` has only \`!\` patterns, which ignore nothing: add a pattern to ignore before them`
        : `\`${key}\` has only \`!\` patterns, so nothing can match: add a positive pattern first (e.g. \`'**'\`), or use \`${base}-ignore\` to only exclude`;
      this.sink.addNode('error', message, asNode(value) ?? keyNode);
      return undefined;
    }
    return filter;
  }
}

function yamlMessage(message: string, code: string): string {
  if (code === 'MULTIPLE_DOCS')
    return 'YAML syntax: the annotation must be a single YAML document (remove `---`)';
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
    if (node.value === null)
      return { message: 'the event annotation is empty: name at least one event, e.g. `push`' };
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

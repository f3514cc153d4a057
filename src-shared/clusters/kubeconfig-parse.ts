// Parses one kubeconfig text into named entries, keeping the valid ones and reporting the rest.
import { parse } from 'yaml';

/** The largest kubeconfig the app reads; bigger files are reported, not parsed. */
export const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;

/** One named entry (`clusters[]`, `users[]` or `contexts[]` item) exactly as written in its file. */
export interface KubeconfigEntry {
  readonly name: string;
  /** The inner object (`cluster:`, `user:` or `context:`), untouched, so exports keep every field. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The file it came from (relative paths inside it resolve against this file's folder). */
  readonly file: string;
}

/** A problem found in a file; `entry` names the entry when only that entry is affected. */
export interface KubeconfigProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly entry?: string;
}

/** What one file contributes. */
export interface ParsedKubeconfig {
  readonly file: string;
  readonly clusters: readonly KubeconfigEntry[];
  readonly users: readonly KubeconfigEntry[];
  readonly contexts: readonly KubeconfigEntry[];
  readonly currentContext?: string;
  /** A file-level error means nothing was taken from the file. */
  readonly problems: readonly KubeconfigProblem[];
}

type Section = 'clusters' | 'users' | 'contexts';
const INNER: Record<Section, string> = { clusters: 'cluster', users: 'user', contexts: 'context' };

/** An empty result carrying one file-level error. */
export function failedKubeconfig(file: string, message: string): ParsedKubeconfig {
  return { file, clusters: [], users: [], contexts: [], problems: [{ severity: 'error', message }] };
}

/** Parses kubeconfig YAML; never throws. */
export function parseKubeconfig(file: string, text: string): ParsedKubeconfig {
  if (text.length > MAX_KUBECONFIG_BYTES) {
    return failedKubeconfig(file, `The file is larger than ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MB and was not read.`);
  }
  let doc: unknown;
  try {
    // Aliases are capped so a hostile file cannot expand into gigabytes.
    doc = parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (err) {
    return failedKubeconfig(file, `Not valid YAML: ${firstLine((err as Error).message)}`);
  }
  if (doc === null || doc === undefined) return { file, clusters: [], users: [], contexts: [], problems: [] };
  if (!isRecord(doc)) return failedKubeconfig(file, 'Not a kubeconfig: the file is not a YAML mapping.');
  const kind = doc.kind;
  if (kind !== undefined && kind !== 'Config') {
    return failedKubeconfig(file, `Not a kubeconfig: kind is "${String(kind)}", expected "Config".`);
  }

  const problems: KubeconfigProblem[] = [];
  const section = (name: Section): KubeconfigEntry[] => {
    const list = doc[name];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      problems.push({ severity: 'error', message: `"${name}" must be a list; it was ignored.` });
      return [];
    }
    const out: KubeconfigEntry[] = [];
    const seen = new Set<string>();
    list.forEach((item: unknown, i) => {
      const problem = checkEntry(name, item, i);
      if (problem) return problems.push(problem);
      const entry = item as { name: string } & Record<string, unknown>;
      // Within one file the first entry of a name wins, as in kubectl.
      if (seen.has(entry.name)) {
        problems.push({ severity: 'warning', entry: entry.name, message: `${name}: "${entry.name}" appears twice; the first one is used.` });
        return;
      }
      seen.add(entry.name);
      out.push({ name: entry.name, body: (entry[INNER[name]] ?? {}) as Record<string, unknown>, file });
    });
    return out;
  };

  const clusters = section('clusters');
  const users = section('users');
  const contexts = section('contexts');
  const cc = doc['current-context'];
  return {
    file,
    clusters,
    users,
    contexts,
    ...(typeof cc === 'string' && cc !== '' ? { currentContext: cc } : {}),
    problems,
  };
}

function checkEntry(section: Section, item: unknown, index: number): KubeconfigProblem | undefined {
  const where = `${section}[${index}]`;
  if (!isRecord(item)) return { severity: 'error', message: `${where} is not a mapping; it was skipped.` };
  const name = item.name;
  if (typeof name !== 'string' || name === '') return { severity: 'error', message: `${where} has no name; it was skipped.` };
  const inner = item[INNER[section]];
  const fail = (what: string): KubeconfigProblem => ({ severity: 'error', entry: name, message: `${section}: "${name}" ${what}; it was skipped.` });
  if (section === 'users' && (inner === undefined || inner === null)) return undefined;
  if (!isRecord(inner)) return fail(`has no "${INNER[section]}" mapping`);
  if (section === 'clusters') {
    if (typeof inner.server !== 'string' || inner.server === '') return fail('has no server');
    if (!/^https?:\/\//.test(inner.server)) return fail(`has a server that is not an http(s) URL ("${inner.server}")`);
  }
  if (section === 'contexts' && (typeof inner.cluster !== 'string' || inner.cluster === '')) return fail('names no cluster');
  if (section === 'users') {
    const exec = inner.exec;
    if (exec !== undefined && (!isRecord(exec) || typeof exec.command !== 'string' || exec.command === '')) {
      return fail('has an exec section without a command');
    }
  }
  return undefined;
}

/** True for a plain object (a YAML mapping). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

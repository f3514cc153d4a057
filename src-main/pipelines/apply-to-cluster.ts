// `pipelines.apply`: server-side apply of the editor's Tekton YAML with the user's own credentials, document by
// document, telling created / configured / unchanged apart and handing admission denials back verbatim; a dry run
// also hands back each document's diff against the live object (apply-diff.ts).
import { LineCounter, parseAllDocuments } from 'yaml';
import { RpcError } from '../../src-shared/contract/errors';
import {
  MAX_APPLY_BYTES,
  MAX_APPLY_DOCUMENTS,
  type ApplyDocumentResult,
} from '../../src-shared/contract/pipelines';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { isKubeError, type KubeError } from '../../src-node/kube/kube-errors';
import { DiffBudget } from './apply-diff';

export const APPLY_FIELD_MANAGER = 'pipe-desktop';

/** Tekton kinds that can be applied, with their resource (plural) names. */
const TEKTON_PLURALS: Readonly<Record<string, string>> = {
  Task: 'tasks',
  TaskRun: 'taskruns',
  Pipeline: 'pipelines',
  PipelineRun: 'pipelineruns',
  StepAction: 'stepactions',
  CustomRun: 'customruns',
};

const VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

interface PlannedDocument {
  readonly kind: string;
  readonly name: string;
  readonly line: number;
  readonly path: string;
  readonly body: string;
}

type KubeObject = { metadata?: { resourceVersion?: string; managedFields?: unknown } } & Record<string, unknown>;

/** Parses and checks the whole text first: nothing is sent unless every document is an applicable Tekton object. */
export function planApply(namespace: string, text: string): PlannedDocument[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_APPLY_BYTES) {
    throw new RpcError('too-large', `The YAML is larger than ${MAX_APPLY_BYTES} bytes.`);
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(docs)) return []; // an empty stream
  const present = docs.filter((d) => d.contents !== null);
  if (present.length > MAX_APPLY_DOCUMENTS) {
    throw new RpcError('too-many', `The YAML has ${present.length} documents; at most ${MAX_APPLY_DOCUMENTS} can be applied at once.`);
  }
  return present.map((doc) => {
    const line = lines.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const bad = (message: string): RpcError => new RpcError('bad-request', `Line ${line}: ${message}`, { line });
    if (doc.errors.length > 0) throw bad(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw bad(`cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('a document must be a Kubernetes object.');
    const obj = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
    const [group, version, extra] = typeof obj.apiVersion === 'string' ? obj.apiVersion.split('/') : [];
    if (group !== 'tekton.dev' || version === undefined || extra !== undefined || !VERSION.test(version)) {
      throw bad(`only tekton.dev objects can be applied (apiVersion ${JSON.stringify(obj.apiVersion ?? null)}).`);
    }
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const plural = TEKTON_PLURALS[kind];
    if (!plural) throw bad(`kind ${JSON.stringify(obj.kind ?? null)} is not a Tekton kind that can be applied.`);
    const name = obj.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !NAME.test(name)) {
      throw bad(`${kind} needs a metadata.name (lower-case letters, digits, '-' and '.'); server-side apply cannot use generateName.`);
    }
    return {
      kind,
      name,
      line,
      path: `/apis/tekton.dev/${version}/namespaces/${namespace}/${plural}/${name}`,
      body: JSON.stringify(value),
    };
  });
}

/** Applies (or dry-runs) every document in order; a document's apiserver refusal does not stop the others. */
export async function applyToCluster(
  client: Pick<KubeClient, 'request'>,
  req: { readonly namespace: string; readonly text: string; readonly dryRun: boolean; readonly signal?: AbortSignal },
): Promise<{ documents: ApplyDocumentResult[] }> {
  const plan = planApply(req.namespace, req.text);
  const documents: ApplyDocumentResult[] = [];
  const diffBudget = req.dryRun ? new DiffBudget() : undefined;
  for (const doc of plan) {
    documents.push(await applyOne(client, doc, diffBudget, req.signal));
  }
  return { documents };
}

async function applyOne(
  client: Pick<KubeClient, 'request'>,
  doc: PlannedDocument,
  /** Present for a dry run (and only then): the diff text this answer may still carry. */
  diffBudget: DiffBudget | undefined,
  signal: AbortSignal | undefined,
): Promise<ApplyDocumentResult> {
  const base = { kind: doc.kind, name: doc.name, line: doc.line };
  const common = signal ? { signal } : {};
  try {
    const live = await client.request<KubeObject>(doc.path, { ...common, what: `${doc.kind} ${doc.name}` }).catch((err: unknown) => {
      if (isKubeError(err) && err.status === 404) return undefined;
      throw err;
    });
    const applied = await client.request<KubeObject>(doc.path, {
      ...common,
      method: 'PATCH',
      query: { fieldManager: APPLY_FIELD_MANAGER, force: true, ...(diffBudget ? { dryRun: 'All' } : {}) },
      contentType: 'application/apply-patch+yaml',
      body: doc.body,
    });
    const result = !live ? 'created' : sameContent(live, applied) ? 'unchanged' : 'configured';
    const diff = result !== 'unchanged' ? diffBudget?.diff(live, applied) : undefined;
    return diff ? { ...base, result, diff } : { ...base, result };
  } catch (err) {
    if (isRefusal(err)) return { ...base, result: 'error', message: serverMessage(err) };
    throw isKubeError(err) ? err.toRpcError() : err;
  }
}

/** A 4xx other than 401: the apiserver (RBAC, validation, admission) said no to this document. */
function isRefusal(err: unknown): err is KubeError {
  return isKubeError(err) && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 401;
}

function serverMessage(err: KubeError): string {
  return err.facts.kind === 'http' && err.facts.serverMessage ? err.facts.serverMessage : err.message;
}

/** Equal apart from bookkeeping that changes without the object changing (resourceVersion, managedFields). */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  return stable(strip(a)) === stable(strip(b));
}

function strip(o: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

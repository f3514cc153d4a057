// "Run it now": creates the editor's PipelineRun (embedded pipelineSpec) in a namespace the user picked, marked
// as a manual run by the user the apiserver says the credentials belong to.
import { parseAllDocuments } from 'yaml';
import { RpcError } from '../../src-shared/contract/errors';
import { MANUAL_RUN_KEYS } from '../../src-shared/pipelines/manual-run';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { isKubeError } from '../../src-node/kube/kube-errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The user name the apiserver sees for this client (SelfSubjectReview, GA since Kubernetes 1.28). */
export async function whoAmI(client: Pick<KubeClient, 'request'>, signal?: AbortSignal): Promise<string> {
  const review = await client.request<{ status?: { userInfo?: { username?: string } } }>('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    ...(signal ? { signal } : {}),
  });
  return review.status?.userInfo?.username ?? 'unknown';
}

/** Reads and checks the PipelineRun: one tekton.dev/v1 PipelineRun with an embedded pipelineSpec, nothing else. */
export function parseManualRun(text: string): Obj {
  const docs = parseAllDocuments(text);
  const present = Array.isArray(docs) ? docs.filter((d) => d.contents !== null) : [];
  if (present.length !== 1) throw new RpcError('bad-request', 'Run now takes exactly one PipelineRun.');
  const doc = present[0]!;
  if (doc.errors.length > 0) throw new RpcError('bad-request', `The PipelineRun is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  let run: unknown;
  try {
    run = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new RpcError('bad-request', `The PipelineRun cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (!isObj(run) || run['apiVersion'] !== 'tekton.dev/v1' || run['kind'] !== 'PipelineRun') throw new RpcError('bad-request', 'Run now creates a tekton.dev/v1 PipelineRun only.');
  if (!isObj(run['spec']) || !isObj(run['spec']['pipelineSpec'])) throw new RpcError('bad-request', 'The PipelineRun must embed the pipeline (spec.pipelineSpec).');
  return run;
}

/** Creates the run in `namespace`; the name comes from `generateName`. */
export async function runNow(
  client: Pick<KubeClient, 'request'>,
  req: { readonly namespace: string; readonly pipelineRun: string; readonly signal?: AbortSignal },
): Promise<{ name: string; user: string }> {
  const run = parseManualRun(req.pipelineRun);
  const common = req.signal ? { signal: req.signal } : {};
  try {
    const user = await whoAmI(client, req.signal);
    const metadata = isObj(run['metadata']) ? run['metadata'] : {};
    const labels = isObj(metadata['labels']) ? metadata['labels'] : {};
    const annotations = isObj(metadata['annotations']) ? metadata['annotations'] : {};
    const body = {
      ...run,
      metadata: {
        ...(typeof metadata['name'] === 'string' ? { name: metadata['name'] } : { generateName: typeof metadata['generateName'] === 'string' ? metadata['generateName'] : 'manual-run-' }),
        namespace: req.namespace,
        labels: { ...labels, [MANUAL_RUN_KEYS.managedBy]: 'pipe-desktop', [MANUAL_RUN_KEYS.trigger]: 'manual' },
        // The host sets who started it (from the apiserver), not the page.
        annotations: { ...annotations, [MANUAL_RUN_KEYS.sender]: user, [MANUAL_RUN_KEYS.startedBy]: user },
      },
    };
    const created = await client.request<{ metadata?: { name?: string } }>(`/apis/tekton.dev/v1/namespaces/${req.namespace}/pipelineruns`, {
      ...common,
      method: 'POST',
      body,
      what: 'PipelineRun',
    });
    return { name: created.metadata?.name ?? '', user };
  } catch (err) {
    if (isKubeError(err)) {
      const server = err.facts.kind === 'http' && err.facts.serverMessage ? err.facts.serverMessage : undefined;
      if (server && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 401) throw new RpcError(err.status === 403 ? 'forbidden' : 'bad-request', server);
      throw err.toRpcError();
    }
    throw err;
  }
}

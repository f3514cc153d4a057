// Archived logs for runs whose pods are gone: read from pipe-events' archive API (the platform profile names its URL)
// with the user's own cluster token — the desktop never holds S3 credentials. Streams the same LogEvents as a live run.
import type { LogEvent } from '../../src-shared/contract/logs';
import { RpcError } from '../../src-shared/contract/errors';
import type { PlatformProfile } from '../../src-shared/clusters/platform-profile';
import { LineSplitter } from '../../src-shared/logs/line-splitter';

/** Where this context's runs are archived: pipe-events' base URL and its name for the cluster. */
export interface ArchiveEndpoint {
  readonly url: string;
  readonly cluster: string;
}

/** The archive endpoint for a context: the profile's `logArchive.url` and the profile cluster that context means. */
export function archiveEndpointFor(profile: PlatformProfile | undefined, context: string): ArchiveEndpoint | undefined {
  const url = profile?.logArchive?.url;
  if (!profile || !url) return undefined;
  const ref = [...profile.runtimes, profile.core].find((c) => c.name === context || c.contexts?.includes(context));
  return ref ? { url: url.replace(/\/+$/, ''), cluster: ref.name } : undefined;
}

/** One archived step as the index lists it. */
export interface ArchivedStepView {
  readonly task: string;
  readonly step: string;
  readonly pod: string;
  readonly container: string;
  readonly attempt: number;
  readonly bytes: number;
  readonly missing?: string;
}

/** What the archive knows of a run. */
export interface ArchivedRunView {
  readonly outcome?: string;
  readonly archivedAt: string;
  readonly steps: readonly ArchivedStepView[];
}

const LINES_PER_BATCH = 500;
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

function errorFor(status: number, message: string): RpcError {
  if (status === 401) return new RpcError('unauthorized', `The log archive did not accept your sign-in: ${message}`);
  if (status === 403) return new RpcError('forbidden', `You may not read logs here: ${message}`);
  if (status === 404) return new RpcError('not-found', message);
  if (status === 400) return new RpcError('bad-request', message);
  return new RpcError('unavailable', `The log archive is unavailable (${status}): ${message}`);
}

/** Reads one context's archive over HTTP. */
export class ArchivedLogsClient {
  constructor(
    private readonly endpoint: ArchiveEndpoint,
    /** The user's bearer token for the cluster (undefined: certificate users cannot use the archive). */
    private readonly token: () => Promise<string | undefined>,
  ) {}

  private async get(path: string, signal?: AbortSignal): Promise<Response> {
    const token = await this.token();
    if (!token) throw new RpcError('unauthorized', 'Reading archived logs needs a token sign-in (PIPE sign-in or an exec/token kubeconfig user).');
    let res: Response;
    try {
      res = await fetch(`${this.endpoint.url}/logs/v1/${[this.endpoint.cluster, ...path.split('/')].map(encodeURIComponent).join('/')}`, {
        headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw new RpcError('cancelled', 'cancelled');
      throw new RpcError('unavailable', `The log archive cannot be reached: ${(err as Error).message}`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      throw errorFor(res.status, String(body.message ?? res.statusText).slice(0, 500));
    }
    return res;
  }

  /** The run's archive index, or undefined when the run has no archived logs. */
  async run(namespace: string, name: string, signal?: AbortSignal): Promise<ArchivedRunView | undefined> {
    try {
      const res = await this.get(`${namespace}/${name}`, signal);
      const text = await res.text();
      if (text.length > MAX_INDEX_BYTES) throw new RpcError('too-large', 'The archive index is too large.');
      const index = JSON.parse(text) as { version?: number; outcome?: string; archivedAt?: string; steps?: ArchivedStepView[] };
      if (index.version !== 1 || !Array.isArray(index.steps)) throw new RpcError('unavailable', 'The log archive answered with something that is not a run index.');
      return { ...(index.outcome ? { outcome: index.outcome } : {}), archivedAt: String(index.archivedAt ?? ''), steps: index.steps };
    } catch (err) {
      if (err instanceof RpcError && err.code === 'not-found') return undefined;
      throw err;
    }
  }

  /** One step's log, in batches of lines (streamed; never the whole log in memory). */
  async *lines(namespace: string, name: string, step: Pick<ArchivedStepView, 'task' | 'step' | 'attempt'>, signal?: AbortSignal): AsyncGenerator<string[]> {
    const res = await this.get(`${namespace}/${name}/${step.task}/${step.step}${step.attempt > 0 ? `?attempt=${step.attempt}` : ''}`, signal);
    if (!res.body) return;
    const splitter = new LineSplitter();
    const decoder = new TextDecoder();
    let batch: string[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      batch.push(...splitter.push(decoder.decode(chunk, { stream: true })));
      if (batch.length >= LINES_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
    const last = splitter.push(decoder.decode());
    const rest = splitter.flush();
    batch.push(...last, ...(rest !== undefined ? [rest] : []));
    if (batch.length > 0) yield batch;
  }
}

/** Emits a whole archived run as LogEvents (sources in archive order, every line, each source done, run complete). */
export async function emitArchivedRun(
  client: ArchivedLogsClient,
  namespace: string,
  name: string,
  emit: (e: LogEvent) => unknown,
  signal: AbortSignal,
): Promise<boolean> {
  const run = await client.run(namespace, name, signal);
  if (!run) return false;
  for (const [source, s] of run.steps.entries()) {
    emit({ type: 'source', source, task: s.task, step: s.step, pod: s.pod, container: s.container, attempt: s.attempt, isFinally: false });
  }
  for (const [source, s] of run.steps.entries()) {
    if (signal.aborted) return true;
    if (s.missing) {
      emit({ type: 'source-state', source, state: 'gone', message: `Not archived: ${s.missing}` });
      continue;
    }
    emit({ type: 'source-state', source, state: 'following' });
    for await (const texts of client.lines(namespace, name, s, signal)) emit({ type: 'lines', source, texts, times: texts.map(() => null) });
    emit({ type: 'source-state', source, state: 'done' });
  }
  emit({ type: 'run', phase: run.outcome ?? 'Unknown', complete: true, message: `From the log archive (archived ${run.archivedAt}).` });
  return true;
}

/** What the fallback needs from the cluster. */
export interface RunReader {
  request<T>(path: string, req?: { query?: Record<string, string>; signal?: AbortSignal }): Promise<T>;
}

const ARCHIVED_ANNOTATION = 'pipe.linecorp.com/logs-archived';

/**
 * Follows a run live, or — when its logs are archived and its pods are gone (run deleted by cleanup, or pods removed) —
 * streams it from the archive. Any doubt (no archive configured, the cluster unreachable) keeps the live session.
 */
export function followRunOrArchive(d: {
  readonly reader: RunReader;
  readonly archive: ArchivedLogsClient | undefined;
  readonly namespace: string;
  readonly name: string;
  readonly emit: (e: LogEvent) => unknown;
  readonly live: () => () => void;
}): () => void {
  if (!d.archive) return d.live();
  const archive = d.archive;
  const abort = new AbortController();
  let stopLive: (() => void) | undefined;
  const startLive = (): void => {
    if (!abort.signal.aborted) stopLive ??= d.live();
  };
  void (async () => {
    const base = `/apis/tekton.dev/v1/namespaces/${d.namespace}/pipelineruns/${d.name}`;
    let fromArchive = false;
    try {
      const run = await d.reader.request<{ metadata: { annotations?: Record<string, string> } }>(base, { signal: abort.signal }).catch((err: unknown) => {
        if ((err as { code?: string }).code === 'NotFound') return undefined;
        throw err;
      });
      if (!run) fromArchive = true;
      else if (run.metadata.annotations?.[ARCHIVED_ANNOTATION]) {
        const pods = await d.reader.request<{ items: unknown[] }>(`/api/v1/namespaces/${d.namespace}/pods`, {
          query: { labelSelector: `tekton.dev/pipelineRun=${d.name}`, limit: '1' },
          signal: abort.signal,
        });
        fromArchive = pods.items.length === 0;
      }
    } catch {
      fromArchive = false;
    }
    if (!fromArchive) return startLive();
    try {
      if (!(await emitArchivedRun(archive, d.namespace, d.name, d.emit, abort.signal))) startLive();
    } catch (err) {
      if (abort.signal.aborted) return;
      const message = err instanceof RpcError ? err.message : `Reading the log archive failed: ${(err as Error).message}`;
      d.emit({ type: 'run', phase: 'Unknown', complete: true, message });
    }
  })();
  return () => {
    abort.abort();
    stopLive?.();
  };
}

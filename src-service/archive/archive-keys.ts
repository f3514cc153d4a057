// Object keys and the per-run index of archived step logs: <prefix><cluster>/<namespace>/<run>/<task>/<step>.log.gz.

/** Annotation on a PipelineRun once its logs are in the archive (value: the index key). */
export const ARCHIVED_ANNOTATION = 'pipe.linecorp.com/logs-archived';

/** Kubernetes names (DNS labels/subdomains) are the only path segments; anything else is refused, so keys cannot be steered. */
const SEGMENT = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** True when a value can be one key segment (a cluster, namespace, run, task or step name). */
export function isKeySegment(value: string): boolean {
  return SEGMENT.test(value) && !value.includes('..');
}

/** Which run an archive belongs to. */
export interface RunRef {
  readonly cluster: string;
  readonly namespace: string;
  readonly run: string;
}

function segment(value: string, what: string): string {
  if (!isKeySegment(value)) throw new Error(`not a valid ${what} for an archive key: ${JSON.stringify(value)}`);
  return value;
}

/** Folder of one run's archive (ends with '/'). */
export function runPrefix(prefix: string, ref: RunRef): string {
  return `${prefix}${segment(ref.cluster, 'cluster')}/${segment(ref.namespace, 'namespace')}/${segment(ref.run, 'run')}/`;
}

/** Key of the run's index object. */
export function indexKey(prefix: string, ref: RunRef): string {
  return `${runPrefix(prefix, ref)}index.json`;
}

/** Key of one step's gzip-compressed log; attempts after the first (TaskRun retries) get `.attempt-<n>`. */
export function stepLogKey(prefix: string, ref: RunRef, task: string, step: string, attempt = 0): string {
  const suffix = attempt > 0 ? `.attempt-${attempt}` : '';
  return `${runPrefix(prefix, ref)}${segment(task, 'task')}/${segment(step, 'step')}${suffix}.log.gz`;
}

/** One step container's archived log (or why there is none). */
export interface ArchivedStep {
  readonly task: string;
  readonly taskRun: string;
  /** 0 for the first attempt, n for the n-th retry. */
  readonly attempt: number;
  readonly pod: string;
  /** Step name as Tekton reports it (`unnamed-1` for unnamed steps). */
  readonly step: string;
  readonly container: string;
  /** Object key; absent when the log could not be read (`missing`). */
  readonly key?: string;
  /** Uncompressed log bytes. */
  readonly bytes: number;
  /** Why there is no log: the pod or container was gone before archiving. */
  readonly missing?: string;
}

/** The index object of one run: what was archived, where, and the run's outcome. */
export interface ArchiveIndex extends RunRef {
  readonly version: 1;
  readonly uid?: string;
  /** Succeeded / Failed / Cancelled …: the run's Succeeded condition reason. */
  readonly outcome?: string;
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly archivedAt: string;
  readonly steps: readonly ArchivedStep[];
}

/** Reads an index object's JSON, refusing anything that is not one (typed error for the HTTP layer). */
export function parseArchiveIndex(text: string): ArchiveIndex {
  const value = JSON.parse(text) as Partial<ArchiveIndex> | null;
  if (!value || value.version !== 1 || !Array.isArray(value.steps) || typeof value.run !== 'string')
    throw new Error('not an archive index (version 1)');
  return value as ArchiveIndex;
}

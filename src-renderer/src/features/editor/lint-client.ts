// Debounced linting through a worker: the latest text of each file wins, stale answers are dropped.
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';
import type { LintWorkerMessage, LintResponse } from './lint-protocol';

/** The part of a Worker the client uses (tests pass an in-process stand-in). */
export interface LintWorkerLike {
  postMessage(message: LintWorkerMessage): void;
  onmessage: ((e: MessageEvent<LintResponse>) => void) | null;
  terminate(): void;
}

/** Sends texts to the lint worker after `debounceMs` of quiet per file and reports the newest answer. */
export class LintClient {
  private seq = 0;
  private readonly latest = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly worker: LintWorkerLike,
    private readonly onResult: (path: string, diagnostics: readonly TektonDiagnostic[]) => void,
    private readonly debounceMs = 150,
  ) {
    worker.onmessage = (e) => {
      const { id, path, diagnostics } = e.data;
      if (this.latest.get(path) === id) this.onResult(path, diagnostics);
    };
  }

  /** Lints `text` soon (`now` skips the debounce, e.g. when a file opens). */
  request(path: string, text: string, now = false): void {
    const pending = this.timers.get(path);
    if (pending) clearTimeout(pending);
    const send = (): void => {
      this.timers.delete(path);
      const id = ++this.seq;
      this.latest.set(path, id);
      this.worker.postMessage({ id, path, text });
    };
    if (now) send();
    else this.timers.set(path, setTimeout(send, this.debounceMs));
  }

  /** Lints with `schema` (a connected cluster's Tekton) from now on; the caller re-requests open files. */
  setClusterSchema(schema: ClusterSchema | undefined): void {
    this.worker.postMessage({ type: 'cluster-schema', schema });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.worker.onmessage = null;
    this.worker.terminate();
  }
}

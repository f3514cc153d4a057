// Follows a whole PipelineRun for one subscriber: reads the run and its TaskRuns, announces containers in reading
// order, follows each TaskRun's steps one after another (parallel TaskRuns side by side; a finished run strictly in
// order), tells followers when their container ended, and ends once the run ended and every log was read.
import type { LogEvent } from '../../src-shared/contract/logs';
import { hasUnstartedSteps, logPlan, type LogSource } from '../../src-shared/runs/log-plan';
import { isFinished, runPhase, type PipelineRun, type PipelineSpec, type PodInitStatus, type TaskRun } from '../../src-shared/runs/tekton-types';
import { systemClock, type Clock, type TimerHandle } from '../../src-node/time/clock';
import type { ContainerLogHub } from './container-log-hub';
import { LogPump } from './log-pump';
import type { SharedContainerLog } from './shared-container-log';

/** Reads run objects (the host's KubeClient in production). */
export interface RunReader {
  request<T>(path: string, req?: { query?: Record<string, string>; signal?: AbortSignal }): Promise<T>;
}

/** What a run session needs. */
export interface RunLogSessionDeps {
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  readonly reader: RunReader;
  readonly hub: ContainerLogHub;
  readonly emit: (event: LogEvent) => boolean;
  readonly clock?: Clock;
  readonly pollMs?: number;
  readonly onEnd?: () => void;
  /** Also read each pod's sidecars. */
  readonly sidecars?: boolean;
}

interface Tracked {
  readonly id: number;
  source: LogSource;
  log?: SharedContainerLog;
  release?: () => void;
}

/** One subscriber's view of a run's logs. */
export class RunLogSession {
  private readonly tracked = new Map<string, Tracked>();
  private readonly pump: LogPump;
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private disposed = false;
  private strictOrder: boolean | undefined;
  private phase = '';
  private finished = false;
  private spec: PipelineSpec | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly d: RunLogSessionDeps) {
    this.clock = d.clock ?? systemClock;
    this.pump = new LogPump(d.emit, { clock: this.clock });
    this.pump.onDrained = () => this.activate();
    void this.poll();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    this.clock.clearTimeout(this.timer);
    this.pump.dispose();
    for (const t of this.tracked.values()) t.release?.();
  }

  private async poll(): Promise<void> {
    if (this.disposed) return;
    const { namespace, name, reader } = this.d;
    try {
      const pr = await reader.request<PipelineRun>(`/apis/tekton.dev/v1/namespaces/${namespace}/pipelineruns/${name}`, { signal: this.abort.signal });
      const list = await reader.request<{ items: TaskRun[] }>(`/apis/tekton.dev/v1/namespaces/${namespace}/taskruns`, {
        query: { labelSelector: `tekton.dev/pipelineRun=${name}` },
        signal: this.abort.signal,
      });
      // A pod whose steps have not started may be stuck in (or have failed) an init container: its log says why.
      const pods = list.items.some(hasUnstartedSteps) ? await this.readPods() : undefined;
      if (this.disposed) return;
      this.update(pr, list.items, pods);
    } catch (err) {
      if (this.disposed) return;
      if ((err as { status?: number }).status === 404) {
        this.d.emit({ type: 'run', phase: 'NotFound', complete: true, message: `PipelineRun ${namespace}/${name} does not exist (any more).` });
        return this.end();
      }
      this.d.emit({ type: 'run', phase: this.phase || 'Unknown', complete: false, message: (err as Error).message });
    }
    if (!this.disposed && !this.isComplete()) this.timer = this.clock.setTimeout(() => void this.poll(), this.d.pollMs ?? 1000);
  }

  private async readPods(): Promise<Map<string, PodInitStatus> | undefined> {
    const { namespace, name, reader } = this.d;
    try {
      const pods = await reader.request<{ items?: PodInitStatus[] }>(`/api/v1/namespaces/${namespace}/pods`, { query: { labelSelector: `tekton.dev/pipelineRun=${name}` }, signal: this.abort.signal });
      return new Map((pods.items ?? []).map((p) => [p.metadata.name, p]));
    } catch {
      return undefined; // not allowed to list pods, or a blip: the steps' log still works
    }
  }

  private update(pr: PipelineRun, taskRuns: readonly TaskRun[], pods?: ReadonlyMap<string, PodInitStatus>): void {
    const phase = runPhase(pr);
    this.finished = isFinished(phase);
    this.spec = pr.status?.pipelineSpec ?? pr.spec?.pipelineSpec;
    this.strictOrder ??= this.finished;
    for (const s of logPlan(pr, taskRuns, { ...(this.d.sidecars ? { sidecars: true } : {}), ...(pods ? { pods } : {}) })) {
      let t = this.tracked.get(s.key);
      if (!t) {
        t = { id: this.tracked.size, source: s };
        this.tracked.set(s.key, t);
        this.d.emit({ type: 'source', source: t.id, task: s.task, step: s.step, pod: s.pod, container: s.container, attempt: s.attempt, isFinally: s.isFinally });
      }
      t.source = s;
      if (s.waitingReason && !t.log) this.d.emit({ type: 'source-state', source: t.id, state: 'waiting', message: s.waitingReason });
    }
    // A finished run's containers have all ended, whatever the last TaskRun status said.
    for (const t of this.tracked.values()) if ((t.source.ended || this.finished) && t.log) t.log.finish();
    const message = pr.status?.conditions?.find((c) => c.type === 'Succeeded')?.message;
    if (phase !== this.phase) {
      this.phase = phase;
      this.d.emit({ type: 'run', phase, complete: false, ...(message ? { message } : {}) });
    }
    this.activate();
  }

  /** Starts the next container of each chain whose previous container was read to its end. */
  private activate(): void {
    if (this.disposed) return;
    const chains = new Map<string, Tracked[]>();
    for (const t of this.tracked.values()) {
      const chain = this.strictOrder ? 'all' : t.source.taskRun;
      chains.set(chain, [...(chains.get(chain) ?? []), t]);
    }
    for (const chain of chains.values()) {
      // A task's log follows the logs of the tasks it runs after (finally tasks: after all tasks), so a reader sees
      // them in that order; independent tasks stay side by side.
      if (!this.strictOrder && !this.depsDrained(chain[0]!.source.task)) continue;
      for (const t of chain) {
        if (!t.log) {
          this.start(t);
          break;
        }
        if (!this.pump.isDrained(t.id)) break;
      }
    }
    if (this.isComplete()) {
      this.d.emit({ type: 'run', phase: this.phase, complete: true });
      this.end();
    }
  }

  private depsDrained(task: string): boolean {
    const spec = this.spec;
    const isFinally = spec?.finally?.some((f) => f.name === task) ?? false;
    const deps = new Set(isFinally ? (spec?.tasks ?? []).map((x) => x.name) : (spec?.tasks?.find((x) => x.name === task)?.runAfter ?? []));
    if (!deps.size) return true;
    for (const t of this.tracked.values()) if (deps.has(t.source.task) && !this.pump.isDrained(t.id)) return false;
    return true;
  }

  private start(t: Tracked): void {
    const { log, release } = this.d.hub.acquire({ context: this.d.context, namespace: this.d.namespace, pod: t.source.pod, container: t.source.container });
    t.log = log;
    t.release = release;
    log.setEndedCheck(() => t.source.ended || this.finished);
    if (t.source.ended || this.finished) log.finish();
    this.pump.attach(t.id, log);
  }

  private isComplete(): boolean {
    if (!this.finished || this.disposed) return false;
    for (const t of this.tracked.values()) if (!this.pump.isDrained(t.id)) return false;
    return true;
  }

  private end(): void {
    const onEnd = this.d.onEnd;
    this.dispose();
    onEnd?.();
  }
}

// "Shell into a running step" on the run page: one button per step that runs now, opening a dock terminal with a
// shell in that step's container (exec with the user's own credentials, as a pod's Shell does).
import type { ReactElement } from 'react';
import type { RunDetail } from '../../../../src-shared/contract/runs';
import './pod-actions.css';

/** A step that runs now, where to exec into it. */
export interface RunningStep {
  readonly task: string;
  readonly step: string;
  readonly pod: string;
  readonly container: string;
}

/** Steps running now: the current attempt of each task, its pod known, the step's container started and not ended. */
export function runningSteps(run: Pick<RunDetail, 'tasks'>): RunningStep[] {
  const out: RunningStep[] = [];
  for (const task of run.tasks) {
    const attempt = task.attempts.at(-1);
    if (!attempt?.pod || attempt.phase !== 'Running') continue;
    for (const s of attempt.steps) if (s.phase === 'running') out.push({ task: task.name, step: s.name, pod: attempt.pod, container: s.container });
  }
  return out;
}

/** Props: the run (live) and where it is. */
export interface RunStepShellsProps {
  readonly run: Pick<RunDetail, 'tasks'>;
  readonly context: string;
  readonly namespace: string;
}

/** Nothing when no step runs; else a Shell button per running step. */
export function RunStepShells({ run, context, namespace }: RunStepShellsProps): ReactElement | null {
  const steps = runningSteps(run);
  if (steps.length === 0) return null;
  const open = (s: RunningStep): void =>
    void import('./terminal-actions').then((m) => m.openTerminal({ pod: { context, namespace, pod: s.pod, container: s.container } }));
  return (
    <div className="run-step-shells" aria-label="Shells into running steps">
      {steps.map((s) => (
        <button key={`${s.pod}/${s.container}`} type="button" className="btn" title={`Open a shell in ${s.pod}, container ${s.container}`} onClick={() => open(s)}>
          Shell: {s.task} › {s.step}
        </button>
      ))}
    </div>
  );
}

// Opens a log stream from the host into a LogModel; the returned disposer closes the stream.
import type { FollowContainerInput, FollowRunInput, LogEvent } from '../../../../src-shared/contract/logs';
import { host } from '../../bridge/host';
import { LogModel } from './log-model';

/** What to follow. */
export type LogTarget = ({ kind: 'run' } & FollowRunInput) | ({ kind: 'container' } & FollowContainerInput);

/** Subscribes and feeds the model; `onEnd` gets the host's error, if the stream failed. */
export function openLog(target: LogTarget, onEnd?: (message?: string) => void): { model: LogModel; dispose: () => void } {
  const model = new LogModel();
  const observer = {
    next: (e: LogEvent) => model.apply([e]),
    end: (error?: { message: string }) => onEnd?.(error?.message),
  };
  const stop =
    target.kind === 'run'
      ? host().logs.followRun({ context: target.context, namespace: target.namespace, name: target.name, ...(target.sidecars ? { sidecars: true } : {}) }, observer)
      : host().logs.followContainer({ context: target.context, namespace: target.namespace, pod: target.pod, container: target.container }, observer);
  return { model, dispose: stop };
}

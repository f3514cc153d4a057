// The local PIPE as the UI sees it: its status and the build/start log, fed by two host streams kept open while shown.
import { create } from 'zustand';
import type { LocalPipeStatus } from '../../../../src-shared/contract/local-pipe';
import { host } from '../../bridge/host';
import { createRetainedStream } from '../../bridge/retained-stream';

/** Lines the view keeps (the host keeps as many for a view that opens later). */
export const LOG_LINES_SHOWN = 500;

interface LocalPipeState {
  readonly status: LocalPipeStatus | undefined;
  readonly lines: readonly string[];
  readonly problem: string | undefined;
}

const useLocalPipeStore = create<LocalPipeState>()(() => ({ status: undefined, lines: [], problem: undefined }));

const retainStatus = createRetainedStream<LocalPipeStatus>((o) => host().localPipe.status({}, o), {
  value: (status) => useLocalPipeStore.setState({ status, problem: undefined }),
  problem: (problem) => useLocalPipeStore.setState({ problem }),
});

let logStarted = false;
const retainLog = createRetainedStream<{ lines: string[] }>(
  (o) => {
    // Each subscription begins with the host's whole backlog, so it replaces what is shown.
    logStarted = false;
    return host().localPipe.log({}, o);
  },
  {
    value: ({ lines }) => {
      const first = !logStarted;
      logStarted = true;
      useLocalPipeStore.setState((s) => ({ lines: (first ? lines : [...s.lines, ...lines]).slice(-LOG_LINES_SHOWN) }));
    },
    problem: () => undefined,
  },
);

/** Keeps both streams open while a view shows them; returns the release. */
export function retainLocalPipe(): () => void {
  const releases = [retainStatus(), retainLog()];
  return () => releases.forEach((r) => r());
}

/** The local PIPE's status (undefined until the host answered). */
export const useLocalPipeStatus = (): LocalPipeStatus | undefined => useLocalPipeStore((s) => s.status);
/** The build and start log lines. */
export const useLocalPipeLog = (): readonly string[] => useLocalPipeStore((s) => s.lines);
/** Why the status is not available, if it is not. */
export const useLocalPipeProblem = (): string | undefined => useLocalPipeStore((s) => s.problem);

/** The status outside React (commands). */
export function currentLocalPipeStatus(): LocalPipeStatus | undefined {
  return useLocalPipeStore.getState().status;
}

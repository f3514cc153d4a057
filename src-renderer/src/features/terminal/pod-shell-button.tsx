// "Shell" for a pod (the clusters detail drawer shows it): opens a dock terminal with a shell in the pod. Loads the
// terminal code only when clicked, so the clusters views stay light.
import type { ReactElement } from 'react';

/** Props: which pod (and container) to open a shell in. */
export interface PodShellButtonProps {
  readonly context: string;
  readonly namespace: string | undefined;
  readonly pod: string;
  readonly container?: string;
}

/** A button that opens a shell in the pod, in the dock's terminal panel. */
export function PodShellButton({ context, namespace, pod, container }: PodShellButtonProps): ReactElement | null {
  if (!namespace) return null;
  const open = (): void =>
    void import('./terminal-actions').then((m) => m.openTerminal({ pod: { context, namespace, pod, ...(container ? { container } : {}) } }));
  return (
    <button type="button" className="btn" title={`Open a shell in ${pod} (exec with your own credentials)`} onClick={open}>
      Shell
    </button>
  );
}

// The PIPE session as the UI sees it, fed by one host stream (kept open while anything shows it).
import { create } from 'zustand';
import type { AuthStatus } from '../../../../src-shared/contract/auth';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';

interface AuthState {
  readonly status: AuthStatus | undefined;
  readonly problem: string | undefined;
}

const useAuthStore = create<AuthState>()(() => ({ status: undefined, problem: undefined }));

let holders = 0;
let stop: (() => void) | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;

function subscribe(): void {
  retry = undefined;
  const again = (): void => {
    if (holders > 0) retry = setTimeout(subscribe, Math.min(500 * 2 ** attempt++, 5000));
  };
  try {
    stop = host().auth.status(
      {},
      {
        next: (status) => {
          attempt = 0;
          useAuthStore.setState({ status, problem: undefined });
        },
        end: (err) => {
          stop = undefined;
          useAuthStore.setState({ problem: err ? describeError(err) : undefined });
          again();
        },
      },
    );
  } catch (err) {
    useAuthStore.setState({ problem: describeError(err) });
    again();
  }
}

/** Keeps the status stream open while at least one holder needs it; returns the release. */
export function retainAuthStatus(): () => void {
  if (holders++ === 0) subscribe();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders > 0) return;
    if (retry) clearTimeout(retry);
    retry = undefined;
    stop?.();
    stop = undefined;
  };
}

/** The current session status (undefined until the host answered). */
export const useAuthStatus = (): AuthStatus | undefined => useAuthStore((s) => s.status);
/** Why the status stream is not available, if it is not. */
export const useAuthProblem = (): string | undefined => useAuthStore((s) => s.problem);

/** The status outside React (commands). */
export function currentAuthStatus(): AuthStatus | undefined {
  return useAuthStore.getState().status;
}

/** Test helper: replaces the status. */
export function authStatusReceived(status: AuthStatus | undefined): void {
  useAuthStore.setState({ status });
}

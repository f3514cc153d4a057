// The PIPE session as the UI sees it, fed by one host stream (kept open while anything shows it).
import { create } from 'zustand';
import type { AuthStatus } from '../../../../src-shared/contract/auth';
import { host } from '../../bridge/host';
import { createRetainedStream } from '../../bridge/retained-stream';

interface AuthState {
  readonly status: AuthStatus | undefined;
  readonly problem: string | undefined;
}

const useAuthStore = create<AuthState>()(() => ({ status: undefined, problem: undefined }));

/** Keeps the status stream open while at least one holder needs it; returns the release. */
export const retainAuthStatus = createRetainedStream<AuthStatus>((observer) => host().auth.status({}, observer), {
  value: (status) => useAuthStore.setState({ status, problem: undefined }),
  problem: (problem) => useAuthStore.setState({ problem }),
});

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

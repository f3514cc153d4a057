// Host connection state, as seen by the renderer.
import type { StateCreator } from 'zustand';
import type { AppState } from './store';
import type { AppInfo, UpdateState } from '../../../src-shared/contract/app';

/** Where the renderer stands with its host. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSlice {
  readonly connection: ConnectionStatus;
  readonly appInfo: AppInfo | undefined;
  /** Why the last connection ended, in words for the user. */
  readonly connectionProblem: string | undefined;
  /** The desktop app's self-update, as the host reports it. */
  readonly update: UpdateState | undefined;
  hostConnecting(): void;
  updateStateReceived(state: UpdateState): void;
  hostConnected(info: AppInfo): void;
  hostDisconnected(problem: string): void;
}

/** Creates the connection slice. */
export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: 'connecting',
  appInfo: undefined,
  connectionProblem: undefined,
  update: undefined,
  updateStateReceived: (update) => set({ update }),
  hostConnecting: () => set({ connection: 'connecting' }),
  hostConnected: (info) => set({ connection: 'connected', appInfo: info, connectionProblem: undefined }),
  hostDisconnected: (problem) => set({ connection: 'disconnected', connectionProblem: problem }),
});

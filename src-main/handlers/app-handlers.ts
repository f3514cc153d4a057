// Handlers for the `app` domain.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { appContract } from '../../src-shared/contract/app';
import { RpcError } from '../../src-shared/contract/errors';
import type { NoticeCenter } from '../services/notice-center';
import type { HostConfig } from '../config';
import type { ShellEvents } from '../host/shell-events';
import type { UpdateSource } from '../updates/update-source';

/** What the app handlers need from the host. */
export interface AppHandlerDeps {
  readonly config: HostConfig;
  readonly mode: 'electron' | 'browser';
  readonly notices: NoticeCenter;
  readonly startedAt: number;
  readonly shellEvents: ShellEvents;
  readonly updates: UpdateSource;
  /** Opens a URL in the system browser; absent in browser mode (the page opens it). */
  readonly openExternal?: (url: string) => Promise<void>;
}

/** Builds the `app` handlers. */
export function createAppHandlers(deps: AppHandlerDeps): DomainHandlers<typeof appContract> {
  return {
    info: () => ({
      name: 'PIPE Desktop',
      version: deps.config.version,
      mode: deps.mode,
      platform: process.platform,
      startedAt: deps.startedAt,
    }),
    ping: ({ text }) => ({ text, at: Date.now() }),
    notices: (_args, emit) => {
      for (const n of deps.notices.list()) emit(n);
      return deps.notices.onDidRaise((n) => emit(n));
    },
    shellEvents: (_args, emit) => deps.shellEvents.onDidEmit((e) => emit(e)),
    openExternal: async ({ url }) => {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new RpcError('bad-request', 'Only http and https links can be opened.');
      }
      if (!deps.openExternal) return { opened: false };
      await deps.openExternal(parsed.toString());
      return { opened: true };
    },
    updates: (_args, emit) => {
      emit(deps.updates.current());
      return deps.updates.onDidChange((s) => emit(s));
    },
    restartToUpdate: () => ({ restarting: deps.updates.restartToUpdate() }),
  };
}

import { describe, expect, it } from 'vitest';
import { createAppHandlers } from './app-handlers';
import { NoticeCenter } from '../services/notice-center';
import { ShellEvents } from '../host/shell-events';
import { disabledUpdates, type UpdateSource } from '../updates/update-source';
import type { UpdateState } from '../../src-shared/contract/app';
import type { HostConfig } from '../config';

const ctx = { connectionId: 'test', signal: new AbortController().signal };

function handlers(updates: UpdateSource) {
  return createAppHandlers({ config: { version: '0.0.0' } as HostConfig, mode: 'browser', notices: new NoticeCenter(), startedAt: 0, shellEvents: new ShellEvents(), updates });
}

describe('app.updates / app.restartToUpdate', () => {
  it('reports updates as off in browser mode, and restarting does nothing', async () => {
    const h = handlers(disabledUpdates('Updates are off in browser mode.'));
    const seen: UpdateState[] = [];
    const stop = await h.updates({}, (s) => (seen.push(s), true), ctx);
    expect(seen).toEqual([{ state: 'off', reason: 'Updates are off in browser mode.' }]);
    expect(await h.restartToUpdate({}, ctx)).toEqual({ restarting: false });
    if (typeof stop === 'function') stop();
  });

  it('streams each change of a live updater and restarts only when one is ready', async () => {
    let state: UpdateState = { state: 'idle' };
    const listeners = new Set<(s: UpdateState) => void>();
    const source: UpdateSource = {
      current: () => state,
      onDidChange: (l) => (listeners.add(l), () => listeners.delete(l)),
      restartToUpdate: () => state.state === 'ready',
    };
    const h = handlers(source);
    const seen: UpdateState[] = [];
    const stop = await h.updates({}, (s) => (seen.push(s), true), ctx);
    state = { state: 'ready', version: '1.1.0' };
    listeners.forEach((l) => l(state));
    expect(seen).toEqual([{ state: 'idle' }, { state: 'ready', version: '1.1.0' }]);
    expect(await h.restartToUpdate({}, ctx)).toEqual({ restarting: true });
    if (typeof stop === 'function') stop();
    expect(listeners.size).toBe(0);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ShellEvents } from './shell-events';

describe('ShellEvents', () => {
  it('holds events until the first listener, then delivers live', () => {
    const bus = new ShellEvents(2);
    bus.emit({ kind: 'command', commandId: 'a' });
    bus.emit({ kind: 'command', commandId: 'b' });
    bus.emit({ kind: 'command', commandId: 'c' });
    const first = vi.fn();
    const stop = bus.onDidEmit(first);
    expect(first.mock.calls.map((c) => c[0].commandId)).toEqual(['b', 'c']);
    bus.emit({ kind: 'deep-link', url: 'pipe-desktop://auth/callback?code=1' });
    expect(first).toHaveBeenCalledTimes(3);
    const second = vi.fn();
    bus.onDidEmit(second);
    expect(second).not.toHaveBeenCalled();
    stop();
  });
});

import { describe, expect, it } from 'vitest';
import { nextUpdateState, type UpdaterEvent } from './update-machine';
import type { UpdateState } from '../../src-shared/contract/app';

const run = (events: UpdaterEvent[], start: UpdateState = { state: 'idle' }): UpdateState =>
  events.reduce((s, e, i) => nextUpdateState(s, e, 1000 + i), start);

describe('update state', () => {
  it('checks, downloads in the background and waits for a restart', () => {
    expect(run([{ kind: 'checking' }, { kind: 'available', version: '1.2.0' }, { kind: 'progress', percent: 42.5 }])).toEqual({
      state: 'downloading',
      version: '1.2.0',
      percent: 42.5,
    });
    expect(run([{ kind: 'checking' }, { kind: 'available', version: '1.2.0' }, { kind: 'downloaded', version: '1.2.0' }, { kind: 'checking' }])).toEqual({
      state: 'ready',
      version: '1.2.0',
    });
  });

  it('reports a tampered download once and carries on with the current version', () => {
    const s = run([{ kind: 'checking' }, { kind: 'available', version: '1.2.0' }, { kind: 'error', message: 'sha512 checksum mismatch, expected abc, got def' }]);
    expect(s).toEqual({ state: 'idle', checkedAt: 1002, lastError: 'The downloaded update did not match its checksum and was discarded.' });
    expect(run([{ kind: 'checking' }, { kind: 'not-available' }], s)).toEqual({ state: 'idle', checkedAt: 1001 });
  });

  it('stays off when updates are off', () => {
    expect(run([{ kind: 'checking' }, { kind: 'downloaded', version: '9' }], { state: 'off', reason: 'browser mode' })).toEqual({ state: 'off', reason: 'browser mode' });
  });

  it('ignores progress outside a download and clamps percentages', () => {
    expect(run([{ kind: 'progress', percent: 50 }])).toEqual({ state: 'idle' });
    expect(run([{ kind: 'available', version: '2' }, { kind: 'progress', percent: 140 }])).toMatchObject({ percent: 100 });
  });
});

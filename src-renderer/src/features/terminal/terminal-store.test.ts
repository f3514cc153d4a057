import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalInfo } from '../../../../src-shared/contract/terminal';
import { exitText, terminalActions, terminalState } from './terminal-store';

const info = (id: string, title = id): TerminalInfo => ({ id, title, kind: 'local', program: '/bin/sh' });

afterEach(() => terminalActions.reset());

describe('terminal store', () => {
  it('opens, splits, activates and closes tabs, keeping a sensible active one', () => {
    terminalActions.terminalOpened(info('a'));
    terminalActions.terminalOpened(info('b'));
    expect(terminalState().activeId).toBe('b');
    terminalActions.terminalOpened(info('c'), { split: true });
    expect(terminalState()).toMatchObject({ activeId: 'b', splitId: 'c' });
    terminalActions.terminalActivated('c');
    expect(terminalState()).toMatchObject({ activeId: 'c', splitId: 'b' });
    terminalActions.terminalClosed('c');
    expect(terminalState()).toMatchObject({ activeId: 'b', splitId: undefined });
    terminalActions.terminalClosed('b');
    expect(terminalState().activeId).toBe('a');
    terminalActions.terminalClosed('a');
    expect(terminalState()).toMatchObject({ tabs: [], activeId: undefined });
    terminalActions.terminalClosed('gone');
  });

  it('renames and marks ended terminals with one line of words', () => {
    terminalActions.terminalOpened(info('a', 'bash'));
    terminalActions.terminalRenamed('a', 'build');
    terminalActions.terminalExited('a', { code: 2 });
    expect(terminalState().tabs[0]).toMatchObject({ title: 'build', exitText: 'Exited with code 2.' });
    expect(exitText({ code: null, signal: 'SIGKILL' })).toBe('Ended by SIGKILL.');
    expect(exitText({ code: null, message: 'pods "x" is forbidden' })).toBe('pods "x" is forbidden');
    terminalActions.terminalOpened(info('a'));
    expect(terminalState().tabs).toHaveLength(1);
  });
});

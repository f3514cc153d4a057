import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { LogModel } from './log-model';
import { LogViewer } from './log-viewer';
import { LogTaskTabs } from './log-task-tabs';
import { useState, type ReactElement } from 'react';

const frame = () => act(async () => void (await new Promise((r) => setTimeout(r, 40))));

/** Two parallel tasks whose lines arrive interleaved, batch by batch: build (one step) and test (two steps). */
function interleaved(batches: number, perBatch: number): LogModel {
  const m = new LogModel();
  m.apply([
    { type: 'source', source: 0, task: 'build', step: 'compile', pod: 'b', container: 'step-compile', attempt: 0, isFinally: false },
    { type: 'source', source: 1, task: 'test', step: 'unit', pod: 't', container: 'step-unit', attempt: 0, isFinally: false },
    { type: 'source', source: 2, task: 'test', step: 'lint', pod: 't', container: 'step-lint', attempt: 0, isFinally: false },
    { type: 'source', source: 3, task: 'report', step: 'send', pod: 'r', container: 'step-send', attempt: 0, isFinally: true },
  ]);
  for (let b = 0; b < batches; b++) m.apply(batch(b, perBatch));
  return m;
}

function batch(b: number, perBatch: number): Parameters<LogModel['apply']>[0] {
  const texts = (task: string) => Array.from({ length: perBatch }, (_, i) => `${task} ${b * perBatch + i} ${i % 10 === 0 ? 'warning' : 'ok'}`);
  const t = texts('build');
  const u = texts('test');
  return [
    { type: 'lines', source: 0, texts: t, times: t.map(() => null) },
    { type: 'lines', source: b % 2 ? 2 : 1, texts: u, times: u.map(() => null) },
  ];
}

// happy-dom has no layout: give scroll containers a 400px viewport.
let spies: MockInstance[] = [];
beforeEach(() => {
  spies = [vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400), vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(1e8)];
});
afterEach(() => spies.forEach((s) => s.mockRestore()));

const shownTexts = (): string[] => [...document.querySelectorAll('.logv__row .logv__text')].map((e) => e.textContent ?? '');

describe('a task view of a run log', () => {
  it('shows only that task’s lines, in order, prefixed with the step alone', async () => {
    const m = interleaved(4, 3);
    render(<LogViewer model={m} task="test" showSource />);
    await frame();
    expect(shownTexts()).toEqual(['test 0 warning', 'test 1 ok', 'test 2 ok', 'test 3 warning', 'test 4 ok', 'test 5 ok', 'test 6 warning', 'test 7 ok', 'test 8 ok', 'test 9 warning', 'test 10 ok', 'test 11 ok']);
    expect([...document.querySelectorAll('.logv__src')].map((e) => e.textContent)).toEqual(['[unit]', '[unit]', '[unit]', '[lint]', '[lint]', '[lint]', '[unit]', '[unit]', '[unit]', '[lint]', '[lint]', '[lint]']);
    // Rows keep the merged log's line numbers.
    expect(document.querySelector('.logv__row')?.getAttribute('data-line')).toBe('3');
  });

  it('follows the tail of the task while lines of both tasks arrive', async () => {
    const m = interleaved(20, 50);
    render(<LogViewer model={m} task="test" />);
    await frame();
    fireEvent.scroll(screen.getByTestId('log-body'));
    await frame();
    expect(shownTexts().at(-1)).toBe('test 999 ok');
    await act(async () => m.apply(batch(20, 50)));
    await frame();
    fireEvent.scroll(screen.getByTestId('log-body'));
    await frame();
    expect(shownTexts().at(-1)).toBe('test 1049 ok');
    expect(shownTexts().every((t) => t.startsWith('test '))).toBe(true);
    expect((screen.getByLabelText('Follow') as HTMLInputElement).checked).toBe(true);
  });

  it('counts search matches within the task only, also for lines arriving after the search, and jumps to its first error', async () => {
    const m = interleaved(10, 10);
    render(<LogViewer model={m} task="build" />);
    await frame();
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: 'WARNING' } });
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('1 of 10 lines · 10 matches');
    await act(async () => m.apply(batch(10, 10)));
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('1 of 11 lines · 11 matches');
    fireEvent.click(screen.getByLabelText('Previous match'));
    await frame();
    // happy-dom scrolls without firing scroll events: tell the virtualizer.
    fireEvent.scroll(screen.getByTestId('log-body'));
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('11 of 11 lines · 11 matches');
    expect(document.querySelector('.logv__row--current .logv__text')?.textContent).toBe('build 100 warning');
    // An error in another task is not this view's first error.
    await act(async () => m.apply([{ type: 'lines', source: 1, texts: ['test: FATAL crash'], times: [null] }]));
    fireEvent.click(screen.getByText('First error'));
    await frame();
    expect(screen.getByText('No line looks like an error.')).toBeTruthy();
  });

  it('copies a range and downloads only the task’s lines', async () => {
    const m = interleaved(2, 2);
    const copied: string[] = [];
    const written: string[] = [];
    const clip = vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: async (t: string) => void copied.push(t) } as unknown as Clipboard);
    (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker = async () => ({ createWritable: async () => ({ write: async (d: string) => void written.push(d), close: async () => undefined }) });
    try {
      render(<LogViewer model={m} task="test" />);
      await frame();
      const nums = [...document.querySelectorAll<HTMLElement>('.logv__num')];
      fireEvent.click(nums[0]!);
      fireEvent.click(nums[2]!, { shiftKey: true });
      fireEvent.click(screen.getByText('Copy lines'));
      await frame();
      expect(copied).toEqual(['test 0 warning\ntest 1 ok\ntest 2 warning']);
      fireEvent.click(screen.getByText('Download'));
      await frame();
      expect(written.join('')).toBe('test 0 warning\ntest 1 ok\ntest 2 warning\ntest 3 ok\n');
    } finally {
      clip.mockRestore();
      delete (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    }
  });

  it('keeps each task’s lines apart once the store drops its oldest lines', () => {
    const m = new LogModel(8192);
    m.apply([
      { type: 'source', source: 0, task: 'a', step: 's', pod: 'p', container: 'step-s', attempt: 0, isFinally: false },
      { type: 'source', source: 1, task: 'b', step: 's', pod: 'q', container: 'step-s', attempt: 0, isFinally: false },
    ]);
    for (let k = 0; k < 12; k++) m.apply([{ type: 'lines', source: k % 2, texts: Array.from({ length: 1000 }, (_, i) => `${k % 2 ? 'b' : 'a'} ${k} ${i}`), times: [] }]);
    expect(m.store.first).toBe(4096);
    const a = m.lines('a');
    const b = m.lines('b');
    expect(a.size + b.size).toBe(m.store.size);
    expect(m.store.line(a.line(0))).toBe('a 4 96');
    expect(m.store.line(b.line(b.size - 1))).toBe('b 11 999');
    expect(a.row(a.line(5))).toBe(5);
    expect(a.row(b.line(0))).toBe(-1);
  });
});

function Tabs({ model }: { model: LogModel }): ReactElement {
  const [task, setTask] = useState<string | undefined>();
  return (
    <>
      <LogTaskTabs model={model} selected={task} onSelect={setTask} />
      <LogViewer model={model} showSource {...(task !== undefined ? { task } : {})} />
    </>
  );
}

describe('LogTaskTabs', () => {
  it('lists All and the tasks in arrival order with state dots (finally marked), switches views by click and arrow keys', async () => {
    const m = interleaved(1, 2);
    m.apply([
      { type: 'source-state', source: 0, state: 'done' },
      { type: 'source-state', source: 1, state: 'following' },
      { type: 'source-state', source: 3, state: 'waiting', message: 'ImagePullBackOff' },
    ]);
    render(<Tabs model={m} />);
    await frame();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['All', 'build', 'test', 'reportfinally']);
    expect(tabs.map((t) => t.querySelector('.logv__dot')?.getAttribute('aria-label') ?? '')).toEqual(['', 'log complete', 'running', 'waiting']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(shownTexts()).toHaveLength(4);
    fireEvent.click(screen.getByRole('tab', { name: /build/ }));
    await frame();
    expect(shownTexts()).toEqual(['build 0 warning', 'build 1 ok']);
    expect(document.querySelector('.logv__src')?.textContent).toBe('[compile]');
    fireEvent.keyDown(screen.getByRole('tab', { name: /build/ }), { key: 'ArrowRight' });
    await frame();
    expect(screen.getByRole('tab', { name: /test/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /test/ }));
    expect(screen.getByRole('tab', { name: /test/ }).tabIndex).toBe(0);
    expect(screen.getByRole('tab', { name: /build/ }).tabIndex).toBe(-1);
    expect(shownTexts()).toEqual(['test 0 warning', 'test 1 ok']);
    fireEvent.keyDown(screen.getByRole('tab', { name: /test/ }), { key: 'Home' });
    await frame();
    expect(shownTexts()).toHaveLength(4);
  });
});

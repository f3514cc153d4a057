import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { LogModel } from './log-model';
import { LogViewer } from './log-viewer';

const frame = () => act(async () => void (await new Promise((r) => setTimeout(r, 40))));

function model(n: number, line: (i: number) => string): LogModel {
  const m = new LogModel();
  m.apply([{ type: 'source', source: 0, task: 'build', step: 'compile', pod: 'p', container: 'step-compile', attempt: 0, isFinally: false }]);
  const texts = Array.from({ length: n }, (_, i) => line(i));
  m.apply([{ type: 'lines', source: 0, texts, times: texts.map((_, i) => 1_700_000_000_000 + i) }]);
  return m;
}

describe('LogViewer', () => {
  // happy-dom has no layout: give the scroll container a 400px viewport.
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = [vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400), vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(1e8)];
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  it('keeps only visible lines in the DOM for a long log', async () => {
    const m = model(100_000, (i) => `line ${i}`);
    render(<LogViewer model={m} />);
    await frame();
    const rows = document.querySelectorAll('.logv__row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
  });

  it('searches the whole log: counts, highlights every match on visible lines, next/previous move between lines', async () => {
    const m = model(5000, (i) => (i % 1000 === 3 ? `step failed: error error at ${i}` : `fine ${i}`));
    render(<LogViewer model={m} />);
    await frame();
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: 'error' } });
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('1 of 5 lines · 10 matches');
    const hit = document.querySelector('[data-line="3"]');
    expect(hit?.querySelectorAll('mark.logv__match')).toHaveLength(2);
    expect(hit?.className).toContain('logv__row--current');
    fireEvent.click(screen.getByLabelText('Next match'));
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('2 of 5 lines · 10 matches');
    fireEvent.click(screen.getByLabelText('Previous match'));
    fireEvent.click(screen.getByLabelText('Previous match'));
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toBe('5 of 5 lines · 10 matches');
  });

  it('reports a bad regular expression instead of failing', async () => {
    const m = model(10, (i) => `x ${i}`);
    render(<LogViewer model={m} />);
    fireEvent.click(screen.getByLabelText(/\.\*/));
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: '(' } });
    await frame();
    expect(screen.getByTestId('log-search-summary').textContent).toMatch(/Not a valid regular expression/);
  });

  it('jumps to the first error line and selects it', async () => {
    const m = model(3000, (i) => (i === 2500 ? 'FATAL: disk full' : `ok ${i}`));
    render(<LogViewer model={m} />);
    await frame();
    fireEvent.click(screen.getByText('First error'));
    await frame();
    // happy-dom scrolls without firing scroll events: tell the virtualizer.
    fireEvent.scroll(screen.getByTestId('log-body'));
    await frame();
    expect(document.querySelector('[data-line="2500"]')?.className).toContain('logv__row--selected');
  });

  it('keeps following the tail while lines arrive; a scroll towards the top pauses it', async () => {
    const m = model(100, (i) => `line ${i}`);
    render(<LogViewer model={m} />);
    await frame();
    const follow = (): boolean => (screen.getByLabelText('Follow') as HTMLInputElement).checked;
    const body = screen.getByTestId('log-body');
    // New lines land between the view's scroll to the end and the scroll event: not at the bottom, but not the user.
    body.scrollTop = 1000;
    fireEvent.scroll(body);
    m.apply([{ type: 'lines', source: 0, texts: ['more'], times: [null] }]);
    body.scrollTop = 1500;
    fireEvent.scroll(body);
    await frame();
    expect(follow()).toBe(true);
    body.scrollTop = 200;
    fireEvent.scroll(body);
    await frame();
    expect(follow()).toBe(false);
  });

  it('says which containers wait (and why), were lost or could not be read, marks a resumed stream, and shows a deleted run', async () => {
    const m = model(3, (i) => `line ${i}`);
    m.apply([
      { type: 'source', source: 1, task: 'test', step: 'unit', pod: 'q', container: 'step-unit', attempt: 0, isFinally: false },
      { type: 'source-state', source: 1, state: 'waiting', message: 'ImagePullBackOff' },
      { type: 'source-state', source: 0, state: 'reconnecting' },
      { type: 'source-state', source: 0, state: 'following' },
      { type: 'lines', source: 0, texts: ['after the break'], times: [null] },
    ]);
    render(<LogViewer model={m} />);
    await frame();
    expect(screen.getByTestId('log-states').textContent).toBe('test › unit: waiting to start — ImagePullBackOff');
    expect(document.querySelector('[data-line="3"] .logv__reconnected')?.textContent).toContain('reconnected');
    expect(document.querySelector('[data-line="2"] .logv__reconnected')).toBeNull();
    await act(async () => m.apply([{ type: 'source-state', source: 1, state: 'gone', message: 'The pod no longer exists.' }, { type: 'run', phase: 'NotFound', complete: true, message: 'PipelineRun team-a/ci-1 does not exist (any more).' }]));
    await frame();
    expect([...screen.getByTestId('log-states').querySelectorAll('li')].map((li) => li.textContent)).toEqual(['test › unit: pod gone — The pod no longer exists.', 'PipelineRun team-a/ci-1 does not exist (any more).']);
  });

  it('renders ANSI colours (16, 256, true colour) and bold as styles, without the escapes', async () => {
    const m = model(1, () => '\u001b[31mred\u001b[0m \u001b[38;5;46mgreen\u001b[0m \u001b[1;38;2;255;128;0morange\u001b[0m');
    render(<LogViewer model={m} />);
    await frame();
    const text = document.querySelector('.logv__text')!;
    expect(text.textContent).toBe('red green orange');
    const styled = [...text.querySelectorAll('span[style]')] as HTMLElement[];
    expect(styled.map((s) => s.textContent)).toEqual(['red', 'green', 'orange']);
    expect(styled[0]!.style.color).not.toBe('');
    expect(styled[2]!.style.fontWeight).toBe('600');
    expect(styled[2]!.style.color.replace(/\s/g, '')).toMatch(/#ff8000|rgb\(255,128,0\)/);
  });

  it('shows timestamps and the source on request', async () => {
    const m = model(1, () => 'hello');
    render(<LogViewer model={m} showSource />);
    await frame();
    expect(document.querySelector('.logv__src')?.textContent).toBe('[build › compile]');
    fireEvent.click(screen.getByLabelText(/Timestamps/));
    await frame();
    expect(document.querySelector('.logv__time')?.textContent).toBe('22:13:20.000');
  });
});

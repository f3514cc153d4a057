import { describe, expect, it } from 'vitest';
import { failureCommentBody, failureCommentMarker } from './failure-comment';
import type { FailureDetails } from './failure-details';
import { MAX_DETAILS_CHARS, codeSpan, failureHeadline, failureMarkdown, fenced } from './failure-markdown';
import { TailLines } from './log-tail';

const URL = 'pipe-desktop://runs/default/ci/build-0123456789ab';

const details: FailureDetails = {
  runReason: 'Failed: Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0',
  tasks: [
    {
      task: 'test',
      taskRun: 'r-test',
      pod: 'r-test-pod',
      step: 'unit',
      container: 'step-unit',
      reason: 'exited with code 1',
      log: { lines: ['ok 1', 'not ok 2 - expected 3'], cut: false },
    },
  ],
  moreFailed: 0,
};

describe('failureMarkdown', () => {
  it('names task, step and reason, shows the log lines fenced and links the run', () => {
    const text = failureMarkdown(details, URL);
    expect(text).toContain('**Task `test`, step `unit`:** `exited with code 1`');
    expect(text).toContain(
      "Last 2 lines of the step's log, secrets masked:\n\n```text\nok 1\nnot ok 2 - expected 3\n```",
    );
    expect(text).toContain(`[Open the run in PIPE Desktop](${URL})`);
    expect(failureHeadline(details)).toBe('task test, step unit: exited with code 1');
  });

  it('log text cannot close the fence or add markup; names cannot break out of code spans', () => {
    const evil: FailureDetails = {
      ...details,
      tasks: [
        {
          ...details.tasks[0]!,
          reason: 'x` @everyone **bold**\nnext',
          log: { lines: ['```', '````js', '@mona <img src=x>'], cut: true },
        },
      ],
    };
    const text = failureMarkdown(evil, URL);
    expect(text).toContain("`x' @everyone **bold** next`");
    expect(text).toContain('`````text\n```\n````js\n@mona <img src=x>\n`````');
    expect(text).toContain('reading stopped at the size cap');
    expect(codeSpan('a'.repeat(50), 10)).toBe(`\`${'a'.repeat(9)}…\``);
    expect(fenced(['plain'])).toBe('```text\nplain\n```');
  });

  it('a task without a log says why; more failed tasks are counted; no tasks → the run reason', () => {
    const text = failureMarkdown(
      {
        ...details,
        tasks: [
          {
            task: 'b',
            taskRun: 'r-b',
            reason: 'cancelled',
            logNote: 'log withheld: Secret "s" could not be read to mask its values',
          },
        ],
        moreFailed: 2,
      },
      URL,
    );
    expect(text).toContain('_log withheld: Secret "s" could not be read to mask its values_');
    expect(text).toContain('…and 2 more failed tasks');
    const none = failureMarkdown({ runReason: 'the pipeline timed out', tasks: [], moreFailed: 0 }, URL);
    expect(none.startsWith('The run failed: `the pipeline timed out`')).toBe(true);
    expect(failureHeadline({ runReason: 'the pipeline timed out', tasks: [], moreFailed: 0 })).toBe(
      'the pipeline timed out',
    );
  });

  it("stays within GitHub's text limit, keeping the newest lines", () => {
    const long = Array.from({ length: 50 }, (_, i) => `${String(i).padStart(2, '0')} ${'x'.repeat(395)}`);
    const many: FailureDetails = {
      ...details,
      tasks: [0, 1, 2, 3].map((i) => ({
        ...details.tasks[0]!,
        task: `t${i}`,
        log: { lines: long, cut: false },
      })),
    };
    const text = failureMarkdown(many, URL);
    expect(text.length).toBeLessThanOrEqual(MAX_DETAILS_CHARS);
    expect(text).toContain(`49 ${'x'.repeat(395)}`);
  });
});

describe('failure comment', () => {
  it('carries a hidden marker naming the run (no characters that could end the HTML comment)', () => {
    expect(failureCommentMarker('default/ci/build-1')).toBe(
      '<!-- pipe-events:run-failure default/ci/build-1 -->',
    );
    expect(failureCommentMarker('a --> b')).toBe('<!-- pipe-events:run-failure a--b -->');
    const body = failureCommentBody('default/ci/build-1', 'pipe/build/push', 'a'.repeat(40), 'DETAILS');
    expect(
      body.startsWith(
        '<!-- pipe-events:run-failure default/ci/build-1 -->\n**PIPE:** `pipe/build/push` failed at `aaaaaaaaaaaa`.',
      ),
    ).toBe(true);
    expect(body).toContain('DETAILS');
  });
});

describe('TailLines', () => {
  const limits = { lines: 3, maxBytes: 1 << 20, maxLineChars: 10 };
  it('keeps the last lines of a chunked stream (split lines, CRLF, UTF-8 split across chunks), cutting long ones', () => {
    const t = new TailLines(limits);
    const bytes = Buffer.from('one\r\ntwo\nthree\nfour ünïcode\nfive-is-a-very-long-line\nsix');
    for (let i = 0; i < bytes.length; i += 3) t.push(bytes.subarray(i, i + 3));
    expect(t.end()).toEqual(['four ünïc…', 'five-is-a…', 'six']);
  });

  it('a line that never ends stays bounded', () => {
    const t = new TailLines(limits);
    for (let i = 0; i < 1000; i++) t.push(Buffer.from('y'.repeat(1000)));
    const lines = t.end();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBe(10);
  });
});

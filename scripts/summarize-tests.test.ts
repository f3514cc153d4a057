import { describe, expect, it } from 'vitest';
import { summarizeReport } from './summarize-tests';

describe('summarizeReport', () => {
  it('counts a suite whose beforeAll failed as a failure, not as skipped tests only', () => {
    // The shape vitest 4 writes when a beforeAll throws: the suite failed, its tests are pending.
    const s = summarizeReport(
      {
        success: false,
        numPassedTests: 0,
        numFailedTests: 0,
        numPendingTests: 3,
        testResults: [{ name: '/x/a.int.test.ts', status: 'failed', message: 'Hook timed out', assertionResults: [{ status: 'skipped' }] }],
      },
      false,
    );
    expect(s.failed).toBe(1);
    expect(s.problems[0]).toMatch(/a\.int\.test\.ts — Hook timed out/);
  });

  it('does not count a suite twice when its failure is a failed test', () => {
    const s = summarizeReport(
      { success: false, numPassedTests: 1, numFailedTests: 1, testResults: [{ status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] }] },
      false,
    );
    expect(s).toMatchObject({ passed: 1, failed: 1 });
  });

  it('names each failed test with the first line of its failure, so the end of a CI log says what broke', () => {
    const s = summarizeReport(
      {
        success: false,
        numPassedTests: 0,
        numFailedTests: 1,
        testResults: [
          {
            name: '/x/b.int.test.ts',
            status: 'failed',
            assertionResults: [{ status: 'failed', fullName: 'logs follows a run', failureMessages: ['AssertionError: expected 1 to be 2\n    at stack'] }],
          },
        ],
      },
      false,
    );
    expect(s.problems).toEqual(['failed: /x/b.int.test.ts › logs follows a run — AssertionError: expected 1 to be 2']);
  });

  it('treats skipped tests as failures where nothing may skip, and as skipped elsewhere', () => {
    const report = { success: true, numPassedTests: 5, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, testResults: [] };
    expect(summarizeReport(report, false)).toMatchObject({ passed: 5, failed: 0, skipped: 2 });
    expect(summarizeReport(report, true)).toMatchObject({ passed: 5, failed: 2, skipped: 2 });
  });

  it('never reports success when vitest did not', () => {
    expect(summarizeReport({ success: false, numPassedTests: 3, numFailedTests: 0, testResults: [] }, false).failed).toBe(1);
  });
});

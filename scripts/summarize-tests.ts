// Sums vitest JSON reports into one closing line: "tests: N passed, N failed, N skipped".
// A suite that failed without a failed test (a throwing beforeAll, an import error) counts as a failure, and so
// does a skipped test in a tier that must not skip (integration, e2e). Exits 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The part of vitest's JSON report this reads. */
export interface VitestJsonReport {
  readonly success?: boolean;
  readonly numPassedTests?: number;
  readonly numFailedTests?: number;
  readonly numPendingTests?: number;
  readonly numTodoTests?: number;
  readonly testResults?: readonly {
    readonly name?: string;
    readonly status?: string;
    readonly message?: string;
    readonly assertionResults?: readonly {
      readonly status?: string;
      readonly fullName?: string;
      readonly failureMessages?: readonly string[];
    }[];
  }[];
}

/** One tier's counts, and the reasons it failed. */
export interface TierSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly problems: readonly string[];
}

/** Counts one report; `skipsFail` makes every skipped or todo test a failure (tiers where nothing may skip). */
export function summarizeReport(report: VitestJsonReport, skipsFail: boolean): TierSummary {
  const problems: string[] = [];
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const test of failedTests) {
      const reason = test.failureMessages?.[0]?.split('\n')[0];
      problems.push(`failed: ${suite.name ?? '?'} › ${test.fullName ?? '?'}${reason ? ` — ${reason.slice(0, 300)}` : ''}`);
    }
    if (suite.status === 'failed' && failedTests.length === 0) {
      failed++;
      problems.push(`suite failed outside its tests: ${suite.name ?? '?'}${suite.message ? ` — ${suite.message.split('\n')[0]}` : ''}`);
    }
  }
  if (skipsFail && skipped > 0) {
    failed += skipped;
    problems.push(`${skipped} test(s) skipped in a tier where nothing may skip`);
  }
  if (report.success === false && failed === 0) {
    failed = 1;
    problems.push('vitest reported failure without a failed test');
  }
  return { passed, failed, skipped, problems };
}

function main(args: readonly string[]): number {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let skipsFail = false;
  for (const arg of args) {
    if (arg === '--no-skips') {
      skipsFail = true; // applies to the reports named after it
      continue;
    }
    if (!existsSync(arg)) {
      console.log(`${arg}: no report (the tier did not run)`);
      failed++;
      continue;
    }
    let report: VitestJsonReport;
    try {
      report = JSON.parse(readFileSync(arg, 'utf8')) as VitestJsonReport;
    } catch {
      console.log(`${arg}: unreadable report`);
      failed++;
      continue;
    }
    const s = summarizeReport(report, skipsFail);
    passed += s.passed;
    failed += s.failed;
    skipped += s.skipped;
    console.log(`${arg}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
    for (const p of s.problems) console.log(`  ${p}`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main(process.argv.slice(2)));

// Renders failure details as GitHub Markdown (check run text / PR comment). Repository and log text is never markup:
// names and reasons sit in code spans, log lines in a fence longer than any backtick run they contain.
import type { FailureDetails, FailedTaskDetail } from './failure-details';

/** Text budget of the rendered details (GitHub caps check run text at 65,535 characters). */
export const MAX_DETAILS_CHARS = 60_000;

/** A code span that cannot be closed early or broken across lines by its content. */
export function codeSpan(text: string, max = 300): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'");
  return `\`${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}\``;
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(lines: readonly string[]): string {
  const longest = Math.max(
    2,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))),
  );
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${lines.join('\n')}\n${fence}`;
}

/** `task build, step compile: exited with code 1` — one line for titles and status descriptions. */
export function failureHeadline(d: FailureDetails): string {
  const t = d.tasks[0];
  if (!t) return d.runReason;
  return `task ${t.task}${t.step ? `, step ${t.step}` : ''}: ${t.reason}`;
}

function taskSection(t: FailedTaskDetail): string {
  const head = `**Task ${codeSpan(t.task, 100)}${t.step ? `, step ${codeSpan(t.step, 100)}` : ''}:** ${codeSpan(t.reason, 500)}`;
  if (!t.log) return `${head}\n\n_${t.logNote ?? 'no log'}_`;
  if (t.log.lines.length === 0) return `${head}\n\n_the step printed nothing_`;
  const what = `Last ${t.log.lines.length} line${t.log.lines.length === 1 ? '' : 's'} of the step's log${t.log.cut ? ' (reading stopped at the size cap)' : ''}, secrets masked:`;
  return `${head}\n\n${what}\n\n${fenced(t.log.lines)}`;
}

/** The details section: each failed task with its reason and log tail, then the link that opens the run. */
export function failureMarkdown(d: FailureDetails, runUrl: string): string {
  const link = `[Open the run in PIPE Desktop](${runUrl}) (${codeSpan(runUrl, 400)})`;
  const intro =
    d.tasks.length === 0
      ? `The run failed: ${codeSpan(d.runReason, 500)}`
      : `The run failed: ${codeSpan(d.runReason, 500)}. Failed task${d.tasks.length === 1 ? '' : 's'}:`;
  const more =
    d.moreFailed > 0
      ? [`…and ${d.moreFailed} more failed task${d.moreFailed === 1 ? '' : 's'} (see the run).`]
      : [];
  let sections = d.tasks.map(taskSection);
  const render = (): string => [intro, ...sections, ...more, link].join('\n\n');
  let text = render();
  // Over budget: drop the oldest log lines of the longest section until it fits (the last lines matter most).
  while (text.length > MAX_DETAILS_CHARS) {
    const tasks = d.tasks.map((t) => ({ ...t }));
    const i = sections.reduce((best, s, j) => (s.length > sections[best]!.length ? j : best), 0);
    const t = tasks[i]!;
    if (!t.log || t.log.lines.length === 0) break;
    d = {
      ...d,
      tasks: tasks.map((x, j) =>
        j === i
          ? { ...t, log: { ...t.log!, lines: t.log!.lines.slice(Math.ceil(t.log!.lines.length / 4)) } }
          : x,
      ),
    };
    sections = d.tasks.map(taskSection);
    text = render();
  }
  return text;
}

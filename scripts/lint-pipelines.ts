// `pipe-desktop lint [--format text|json] <file|dir>...` (also `npm run lint:pipelines`): the Tekton linter
// of src-shared/tekton over files and folders. Exit 0 no error, 1 any error, 2 usage or I/O problem.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS, lintText, type TektonDiagnostic } from '../src-shared/tekton';

/** Where the command writes (injectable for tests). */
export interface LintIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = `Usage: pipe-desktop lint [--format text|json] <file|dir>...
  Checks Tekton YAML (Pipeline, Task, PipelineRun, TaskRun; v1 and v1beta1) and the pipe.linecorp.com/event
  annotation. Folders are walked for *.yaml and *.yml. Exit 0 when there is no error, 1 when any error,
  2 on usage or I/O problems.
`;

const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** Files larger than this are reported without being read (the linter's own text limit is lower). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface FileReport {
  readonly path: string;
  readonly diagnostics: readonly TektonDiagnostic[];
}

/** Parses arguments; a string is a usage error. */
export function parseLintArgs(args: readonly string[]): { format: 'text' | 'json'; paths: string[] } | string {
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format' || a.startsWith('--format=')) {
      const value = a.includes('=') ? a.slice('--format='.length) : args[++i];
      if (value !== 'text' && value !== 'json') return `--format takes \`text\` or \`json\`, got \`${value ?? ''}\``;
      format = value;
    } else if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option \`${a}\``;
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) return 'name at least one file or folder';
  return { format, paths };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walk(p, out);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
      out.push(p);
    }
  }
}

async function lintFile(path: string): Promise<FileReport> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) {
    const tooLarge: TektonDiagnostic = {
      severity: 'error',
      code: 'file-too-large',
      message: `the file has ${info.size.toLocaleString('en-US')} bytes, more than the linter reads (${DEFAULT_LIMITS.maxTextLength.toLocaleString('en-US')} characters); split it into smaller files`,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      offset: 0,
      endOffset: 0,
      document: 0,
    };
    return { path, diagnostics: [tooLarge] };
  }
  return { path, diagnostics: lintText(await readFile(path, 'utf8'), { path }) };
}

function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) lines.push(`${r.path}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((r) => ({
    path: r.path,
    diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn })),
  }));
  return `${JSON.stringify({ files })}\n`;
}

/** Runs the command; resolves with the exit code. */
export async function runLint(args: readonly string[], io: LintIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const parsed = parseLintArgs(args);
  if (typeof parsed === 'string') {
    io.err(`pipe-desktop lint: ${parsed}\n${USAGE}`);
    return 2;
  }
  let ioProblem = false;
  const reports: FileReport[] = [];
  for (const given of parsed.paths) {
    let files: string[];
    try {
      const info = await stat(given);
      if (info.isDirectory()) {
        files = [];
        await walk(given, files);
      } else {
        files = [given];
      }
    } catch (err) {
      ioProblem = true;
      io.err(`pipe-desktop lint: cannot read ${given}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      continue;
    }
    for (const f of files) {
      try {
        reports.push(await lintFile(f));
      } catch (err) {
        ioProblem = true;
        io.err(`pipe-desktop lint: cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      }
    }
  }
  io.out(parsed.format === 'json' ? formatJson(reports) : formatText(reports));
  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  if (parsed.format === 'text') {
    io.err(`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}\n`);
  }
  if (ioProblem) return 2;
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: LintIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  runLint(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`pipe-desktop lint: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}

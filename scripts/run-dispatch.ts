// `pipe-desktop run <owner/repo> [--ref R] [--pipeline P] [--input k=v]…`: manual dispatch (issue 14) as yourself —
// creates a workflow_dispatch GitHubEvent in PIPE's core cluster with your kubeconfig credentials and waits for
// pipe-events' verdict. Exit 0 accepted, 1 refused or failed, 2 usage, cluster or credential problem.
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createDispatch,
  waitForVerdict,
  DEFAULT_EVENTS_NAMESPACE,
  type DispatchRequest,
  type DispatchState,
} from '../src-node/dispatch/dispatch-client';
import { KubeClient } from '../src-node/kube/kube-client';
import { loadConfig } from '../src-main/config';

/** Where the command writes (injectable for tests). */
export interface RunIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Parsed arguments. */
export interface RunArgs {
  readonly request: DispatchRequest & { readonly namespace: string };
  readonly kubeconfig?: string;
  readonly context?: string;
  /** PIPE Desktop sign-in profile: its kubeconfig and core context (the app must be running to renew the token). */
  readonly profile?: string;
  readonly wait: boolean;
  readonly format: 'text' | 'json';
  readonly timeoutSeconds: number;
}

const USAGE = `Usage: pipe-desktop run <owner/repo> [--ref <branch|refs/tags/t|sha>] [--pipeline <name>] [--input name=value]...
                        [--profile <name> | --context <core context> [--kubeconfig <file>]] [--namespace pipe-system]
                        [--no-wait] [--timeout <seconds>] [--format text|json]
  Runs the repository's pipelines that declare workflow_dispatch (or only --pipeline) at --ref (default branch when
  absent) with the given inputs, as you: the GitHubEvent is created with your kubeconfig's credentials for PIPE's core
  cluster: --profile <name> takes the kubeconfig PIPE Desktop wrote at sign-in (context pipe-<name>-core; the app
  must be running to renew your token), else your kubeconfig's context. pipe-events checks your GitHub write access
  and the inputs. Exit 0 accepted, 1 refused or failed, 2 usage or cluster problem.
`;

const VALUE_OPTIONS = new Set([
  '--ref',
  '--pipeline',
  '--input',
  '--context',
  '--kubeconfig',
  '--profile',
  '--namespace',
  '--timeout',
  '--format',
]);

/** Parses arguments; a string is a usage error. */
export function parseRunArgs(args: readonly string[]): RunArgs | string {
  let repository: string | undefined;
  const opts: Record<string, string> = {};
  const inputs: Record<string, string> = {};
  let wait = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--no-wait') {
      wait = false;
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_OPTIONS.has(name)) {
      const value = name !== a ? a.slice(eq + 1) : args[++i];
      if (value === undefined) return `${name} needs a value`;
      if (name === '--input') {
        const sep = value.indexOf('=');
        if (sep <= 0) return `--input takes name=value, got \`${value}\``;
        const key = value.slice(0, sep);
        if (key in inputs) return `input \`${key}\` is given twice`;
        inputs[key] = value.slice(sep + 1);
      } else opts[name] = value;
    } else if (a.startsWith('-')) return `unknown option \`${a}\``;
    else if (repository === undefined) repository = a;
    else return `unexpected argument \`${a}\` (one repository per run)`;
  }
  if (!repository) return 'name the repository: pipe-desktop run <owner/repo>';
  const profile = opts['--profile'];
  if (profile !== undefined && (opts['--context'] || opts['--kubeconfig']))
    return '--profile picks the kubeconfig and context itself: leave out --context and --kubeconfig';
  if (profile !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(profile))
    return `\`${profile}\` is not a profile name`;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/.test(repository))
    return `\`${repository}\` is not owner/name`;
  const format = opts['--format'] ?? 'text';
  if (format !== 'text' && format !== 'json') return `--format takes \`text\` or \`json\`, got \`${format}\``;
  const timeoutSeconds = Number(opts['--timeout'] ?? 120);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0)
    return '--timeout takes a whole number of seconds';
  return {
    request: {
      repository,
      namespace: opts['--namespace'] ?? DEFAULT_EVENTS_NAMESPACE,
      ...(opts['--ref'] ? { ref: opts['--ref'] } : {}),
      ...(opts['--pipeline'] ? { pipeline: opts['--pipeline'] } : {}),
      inputs,
    },
    ...(opts['--kubeconfig'] ? { kubeconfig: opts['--kubeconfig'] } : {}),
    ...(opts['--context'] ? { context: opts['--context'] } : {}),
    ...(profile ? { profile } : {}),
    wait,
    format: format as 'text' | 'json',
    timeoutSeconds,
  };
}

/** The kubeconfig kubectl would read first. */
function defaultKubeconfig(env: NodeJS.ProcessEnv): string {
  return env.KUBECONFIG?.split(delimiter).find((p) => p !== '') ?? join(homedir(), '.kube', 'config');
}

function describe(state: DispatchState): string {
  const head = `${state.phase}: ${state.reason ?? '(no reason recorded)'}`;
  const runs = state.runs.map(
    (r) =>
      `\n  run ${r.cluster}/${r.namespace}/${r.name} (${r.pipeline}) pipe-desktop://runs/${r.cluster}/${r.namespace}/${r.name}`,
  );
  return `${head}${runs.join('')}\n`;
}

/** Runs the command; resolves with the exit code. */
export async function runCommand(
  args: readonly string[],
  io: RunIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const parsed = parseRunArgs(args);
  if (typeof parsed === 'string') {
    io.err(`pipe-desktop run: ${parsed}\n${USAGE}`);
    return 2;
  }
  let client: KubeClient;
  try {
    const kubeconfig = parsed.profile
      ? join(loadConfig(env).appDataDir, 'kubeconfigs', `pipe-${parsed.profile}.yaml`)
      : (parsed.kubeconfig ?? defaultKubeconfig(env));
    const context = parsed.profile ? `pipe-${parsed.profile}-core` : parsed.context;
    client = KubeClient.fromFile(kubeconfig, context, undefined, { userAgent: 'pipe-desktop-run' });
  } catch (err) {
    io.err(`pipe-desktop run: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const signal = AbortSignal.timeout(parsed.timeoutSeconds * 1000);
    const created = await createDispatch(client, parsed.request, signal);
    const who = `${created.identity.username}${created.identity.githubLogin ? ` (GitHub @${created.identity.githubLogin})` : ''}`;
    if (!parsed.wait) {
      if (parsed.format === 'json')
        io.out(`${JSON.stringify({ namespace: created.namespace, name: created.name, phase: 'Pending' })}\n`);
      else io.out(`Dispatched as ${who}: ${created.namespace}/${created.name}\n`);
      return 0;
    }
    if (parsed.format === 'text')
      io.err(`Dispatched as ${who}: ${created.namespace}/${created.name}; waiting for pipe-events…\n`);
    const state = await waitForVerdict(client, created.namespace, created.name, { signal });
    io.out(parsed.format === 'json' ? `${JSON.stringify(state)}\n` : describe(state));
    return state.phase === 'Accepted' ? 0 : 1;
  } catch (err) {
    const e = err as { name?: string; message?: string; facts?: { serverMessage?: string } };
    const message =
      e.name === 'TimeoutError'
        ? `no verdict within ${parsed.timeoutSeconds} s (is pipe-events running?)`
        : (e.facts?.serverMessage ?? e.message);
    io.err(`pipe-desktop run: ${message}\n`);
    return 2;
  } finally {
    client.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCommand(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`pipe-desktop run: ${(err as Error).message}\n`);
      process.exit(2);
    },
  );
}

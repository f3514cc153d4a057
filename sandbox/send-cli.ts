// `npm run sandbox -- send <push|pull_request|tag|deployment> [--branch b] [--tag t] [--environment e] [--info file]`:
// a signed sample delivery to the running sandbox's pipe-events; prints the event and the runs it created.
import { parseArgs } from 'node:util';
import { findSandboxInfo } from './find-sandbox.js';
import type { SandboxInfo } from './info.js';
import { SAMPLE_EVENT_KINDS, type SampleEventKind } from './sample-events.js';
import { kubeJson, loadKubeConfig } from './kube.js';
import { sendSampleEvent } from './send-event.js';

export const SEND_USAGE = `usage: npm run sandbox -- send <${SAMPLE_EVENT_KINDS.join('|')}> [--branch <name>] [--tag <name>] [--environment <name>] [--no-wait] [--info <sandbox.json>]`;

/** Runs the send command; returns the process exit code. */
export async function sendCommand(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      branch: { type: 'string' },
      tag: { type: 'string' },
      environment: { type: 'string' },
      info: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
  });
  const kind = positionals[0] as SampleEventKind | undefined;
  if (!kind || !SAMPLE_EVENT_KINDS.includes(kind)) {
    print(SEND_USAGE);
    return 2;
  }
  const info = findSandboxInfo(values.info);
  if (!info.pipeEvents) throw new Error(`the sandbox in ${info.dir} runs no pipe-events (start it without --no-pipe-events)`);
  const sent = await sendSampleEvent(
    info.pipeEvents,
    { kind, ...(values.branch ? { branch: values.branch } : {}), ...(values.tag ? { tag: values.tag } : {}), ...(values.environment ? { environment: values.environment } : {}) },
    info.fakeGithub.login,
  );
  print(`${sent.summary} → ${info.pipeEvents.webhookUrl}`);
  print(`  delivery ${sent.deliveryId}: HTTP ${sent.status} ${sent.message}`);
  if (sent.status !== 202) return 1;
  if (values['no-wait']) return 0;
  const outcome = await waitForSampleEvent(info, sent.deliveryId);
  print(`  GitHubEvent ${info.pipeEvents.namespace}/${outcome.name}: ${outcome.phase}${outcome.message ? ` — ${outcome.message}` : ''}`);
  if (outcome.runs.length === 0) print('  no pipeline matched: no run created');
  for (const r of outcome.runs) print(`  run ${r.pipeline}: ${r.cluster}/${r.namespace}/${r.name}   pipe-desktop://runs/${r.cluster}/${r.namespace}/${r.name}`);
  for (const e of outcome.errors) print(`  invalid: ${e}`);
  if (!info.tektonController) print('  (Tekton\'s controller is not running in this sandbox: runs stay pending; start it with --tekton-controller)');
  return outcome.phase === 'Failed' ? 1 : 0;
}

/** The GitHubEvent a delivery became, once pipe-events processed it. */
export interface SampleEventOutcome {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly matched: readonly string[];
  readonly runs: readonly { pipeline: string; cluster: string; namespace: string; name: string }[];
  readonly errors: readonly string[];
}

type EventObject = {
  metadata: { name: string };
  status?: { phase?: string; message?: string; matched?: string[]; runs?: SampleEventOutcome['runs']; errors?: { message: string; file?: string; line?: number }[] };
};

/** Waits (admin credentials, core cluster) until pipe-events wrote the outcome of delivery `deliveryId`. */
export async function waitForSampleEvent(info: SandboxInfo, deliveryId: string, timeoutMs = 60_000): Promise<SampleEventOutcome> {
  const pe = info.pipeEvents;
  if (!pe) throw new Error('this sandbox runs no pipe-events');
  const kc = loadKubeConfig(info.core.adminKubeconfig);
  const path = `/apis/pipe.linecorp.com/v1alpha1/namespaces/${pe.namespace}/githubevents?labelSelector=${encodeURIComponent(`pipe.linecorp.com/delivery=${deliveryId}`)}`;
  const deadline = Date.now() + timeoutMs;
  let last: EventObject | undefined;
  while (Date.now() < deadline) {
    last = (await kubeJson<{ items: EventObject[] }>(kc, 'GET', path)).items[0];
    const phase = last?.status?.phase;
    if (last && (phase === 'Succeeded' || phase === 'Failed')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!last) throw new Error(`no GitHubEvent for delivery ${deliveryId} after ${timeoutMs / 1000} s`);
  const s = last.status ?? {};
  return {
    name: last.metadata.name,
    phase: s.phase ?? 'Pending',
    ...(s.message ? { message: s.message } : {}),
    matched: s.matched ?? [],
    runs: s.runs ?? [],
    errors: (s.errors ?? []).map((e) => `${e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}`),
  };
}

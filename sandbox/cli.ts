// `npm run sandbox`: starts and seeds the sandbox, prints what runs where, keeps running until Ctrl-C.
// `npm run sandbox -- send <kind> …`: a sample GitHub delivery to the running sandbox's pipe-events (send-cli.ts).
import { MissingBinariesError, resolveBinaries } from './binaries.js';
import { sendCommand } from './send-cli.js';
import { writeSandboxInfo } from './info.js';
import { startSandbox, toSandboxInfo, type Sandbox } from './sandbox.js';
import { join } from 'node:path';

/** Human-readable summary of a running sandbox. */
export function describeSandbox(sb: Sandbox): string {
  return [
    `PIPE sandbox ready in ${(sb.readyMs / 1000).toFixed(1)} s — data in ${sb.dir}`,
    '',
    `  core     ${sb.core.server}`,
    `  runtime  ${sb.runtime.server}   (region local-1, kwok node ${sb.kwok.nodeName})`,
    `  Dex      ${sb.dex.issuer}   client ${sb.dex.clientId} (public, loopback + PKCE), connectors: ${sb.dex.connectors.join(', ')}`,
    `           user ${sb.dex.user.email} / ${sb.dex.user.password}, groups ${sb.dex.user.groups.join(', ')}, ID tokens ${sb.dex.idTokenTTL}`,
    `  Dex (short-lived tokens) ${sb.dexShortLived.issuer}  (${sb.dexShortLived.idTokenTTL})`,
    `  fake GitHub ${sb.fakeGithub.url}  (login ${sb.fakeGithub.login}, ${sb.fakeGithub.org}:${sb.fakeGithub.team})`,
    `  namespaces: ${sb.teamNamespace} (user is admin), ${sb.forbiddenNamespace} (forbidden)`,
    ...(sb.pipeEvents
      ? [
          `  pipe-events ×${sb.pipeEvents.replicas}  ${sb.pipeEvents.webhookUrl}   (${sb.pipeEvents.sampleRepository.fullName} → ${sb.pipeEvents.cluster}/${sb.pipeEvents.sampleRepository.namespace}; events in core ${sb.pipeEvents.namespace})`,
          `  Tekton controller: ${sb.tektonController ? 'running' : 'off (runs stay pending; --tekton-controller)'}`,
        ]
      : []),
    `  RSS of the stack: ${(sb.rssBytes() / 1024 / 1024).toFixed(0)} MiB`,
    '',
    'Kubeconfigs:',
    `  all contexts   ${sb.kubeconfig}`,
    `  core admin     ${sb.core.adminKubeconfig}`,
    `  core user      ${sb.core.userKubeconfig}`,
    `  runtime admin  ${sb.runtime.adminKubeconfig}`,
    `  runtime user   ${sb.runtime.userKubeconfig}`,
    `  profile        ${sb.profilePath}  (also ConfigMap pipe-system/pipe-profile on core)`,
    '',
    'Try it:',
    ...(sb.pipeEvents ? ['  npm run sandbox -- send push --branch main              # a signed sample delivery → GitHubEvent → PipelineRun'] : []),
    `  KUBECONFIG=${sb.kubeconfig} kubectl get pipelineruns   # as the Dex user, namespace ${sb.teamNamespace}`,
    `  KUBECONFIG=${sb.kubeconfig} npm start                  # point PIPE Desktop at the sandbox`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
}

function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'send') process.exit(await sendCommand(process.argv.slice(3)));
  const verbose = process.argv.includes('--verbose');
  const pipeEvents = !process.argv.includes('--no-pipe-events');
  // The whole flow needs Tekton's controller: on when built (or asked for), unless --no-tekton-controller.
  const tektonController = process.argv.includes('--tekton-controller') || (pipeEvents && !process.argv.includes('--no-tekton-controller') && resolveBinaries().tektonController !== undefined);
  const sb = await startSandbox({
    seed: !process.argv.includes('--no-seed'),
    tektonController,
    pipeEvents: pipeEvents ? { replicas: Number(flagValue('--pipe-events-replicas') ?? 1) } : false,
    log: verbose ? (l) => console.log(l) : undefined,
  });
  const info = toSandboxInfo(sb);
  const stop = (): Promise<void> => sb.stop();
  await writeSandboxInfo(join(sb.dir, 'sandbox.json'), info);
  console.log(describeSandbox(sb));
  console.log(`\nPIPE_SANDBOX_INFO=${join(sb.dir, 'sandbox.json')}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    void stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
}

main().catch((e: unknown) => {
  console.error(e instanceof MissingBinariesError ? e.message : e);
  process.exit(1);
});

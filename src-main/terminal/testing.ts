// Test helpers for terminals: a service over real ptys in a temp folder, and an output collector.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalEvent } from '../../src-shared/contract/terminal';
import { TerminalKubeconfigs, type KubeconfigRenderer } from './terminal-kubeconfigs';
import { TerminalService, type TerminalServiceOptions } from './terminal-service';

/** A service with short timings, its temp folder and its kubeconfig folder. */
export function testTerminalService(over: Partial<TerminalServiceOptions> & { renderer?: KubeconfigRenderer } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pipe-term-'));
  const kubeconfigDir = join(root, 'terminals');
  const renderer = over.renderer ?? { render: (c: string, ns?: string) => `current-context: ${c}\nnamespace: ${ns}\n` };
  const env = { HOME: root, PATH: process.env.PATH ?? '/usr/bin:/bin', SHELL: '/bin/sh', LANG: 'C.UTF-8' };
  const service = new TerminalService({
    kubeconfigs: new TerminalKubeconfigs(kubeconfigDir, renderer),
    loginEnv: { get: async () => env },
    env,
    configuredShell: () => undefined,
    reconnectWindowMs: 60_000,
    killGraceMs: 300,
    ...over,
  });
  return { service, root, kubeconfigDir };
}

/** Collects a terminal's output; `acking` acknowledges as it arrives (like xterm would). */
export class Output {
  text = '';
  chars = 0;
  exit: Extract<TerminalEvent, { kind: 'exit' }> | undefined;

  constructor(private readonly ack?: (chars: number) => void) {}

  readonly emit = (e: TerminalEvent): boolean => {
    if (e.kind === 'exit') this.exit = e;
    else {
      this.text += e.data;
      this.chars += e.data.length;
      // Keep the tail only: tests look for markers near the end, and a flood must not grow test memory.
      if (this.text.length > 200_000) this.text = this.text.slice(-100_000);
      this.ack?.(e.data.length);
    }
    return true;
  };
}


// Per-terminal kubeconfig files: current context = the chosen cluster with the namespace set, the user's own
// credentials kept as they are (exec plugins, proxy-url, certificates); 0600, removed when the terminal closes.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TerminalBinding } from '../../src-shared/contract/terminal';
import { atomicWrite } from '../util/atomic-write';

/** Renders a self-contained kubeconfig for a context and namespace (the clusters exporter). */
export interface KubeconfigRenderer {
  render(context: string, namespace: string | undefined): string;
}

/** Owns the folder of per-terminal kubeconfigs. */
export class TerminalKubeconfigs {
  constructor(
    private readonly dir: string,
    private readonly renderer: KubeconfigRenderer,
  ) {}

  /** Writes the file for terminal `id` and returns its path; throws the renderer's typed error for a bad context. */
  async write(id: string, binding: TerminalBinding): Promise<string> {
    const text = this.renderer.render(binding.context, binding.namespace);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = this.pathOf(id);
    await atomicWrite(path, text, 0o600);
    return path;
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  /** Removes files left behind by a host that did not stop cleanly. */
  async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await Promise.all(names.filter((n) => n.endsWith('.yaml') || n.endsWith('.tmp')).map((n) => rm(join(this.dir, n), { force: true })));
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.yaml`);
  }
}

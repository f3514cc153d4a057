// Which exec credential commands the user allowed, per kubeconfig file + command (a changed command asks again).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { atomicWrite } from '../util/atomic-write';
import type { Logger } from '../util/logger';

/** An exec credential command as the kubeconfig writes it. */
export interface ExecCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
}

const MAX_ENTRIES = 1000;

/** Remembered approvals, kept in one file (digests only: no commands or paths on disk). */
export class ExecApprovals {
  private readonly approved = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly log?: Logger,
  ) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { approved?: unknown };
      if (Array.isArray(parsed.approved)) for (const d of parsed.approved.slice(-MAX_ENTRIES)) if (typeof d === 'string' && /^[0-9a-f]{64}$/.test(d)) this.approved.add(d);
    } catch {
      // none yet, or unreadable: everything asks again
    }
  }

  isApproved(kubeconfigFile: string, exec: ExecCommand): boolean {
    return this.approved.has(digest(kubeconfigFile, exec));
  }

  /** Remembers the approval (and keeps it in memory even when the file cannot be written). */
  async approve(kubeconfigFile: string, exec: ExecCommand): Promise<void> {
    this.approved.add(digest(kubeconfigFile, exec));
    const list = [...this.approved].slice(-MAX_ENTRIES);
    try {
      await atomicWrite(this.file, JSON.stringify({ approved: list }), 0o600);
    } catch (err) {
      this.log?.warn('could not save exec approvals', { error: err as Error });
    }
  }
}

function digest(file: string, exec: ExecCommand): string {
  const env = [...(exec.env ?? [])].map((v) => [v.name, v.value]).sort();
  return createHash('sha256').update(JSON.stringify([file, exec.command, exec.args, env])).digest('hex');
}

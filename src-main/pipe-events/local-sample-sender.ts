// Sends sample GitHub events to the local PIPE's pipe-events, and only there: the target is the sandbox the app
// runs or the one named by the host's configuration, and the app must be connected to that sandbox's profile.
// The sandbox code is imported only when a sample is sent (it is dev tooling, not part of the app's start).
import { readFile } from 'node:fs/promises';
import { RpcError } from '../../src-shared/contract/errors';
import type { SampleEventKindName } from '../../src-shared/contract/pipe-events';
import type { SandboxPipeEventsInfo } from '../../sandbox/pipe-events';

/** A local PIPE that runs pipe-events. */
export interface LocalPipeEventsTarget {
  readonly pipeEvents: SandboxPipeEventsInfo;
  /** The sandbox's core apiserver URL (its profile's `core.server`). */
  readonly coreServer: string;
  /** GitHub login of the sandbox user (the sample's sender). */
  readonly sender?: string;
}

/** Where local targets come from: the app's own local PIPE, or a sandbox.json named in the configuration. */
export type LocalTargetSource = () => Promise<LocalPipeEventsTarget | undefined>;

/** Reads a sandbox.json (PIPE_SANDBOX_INFO); undefined when it is absent or has no pipe-events. */
export function sandboxInfoFileSource(file: string | undefined): LocalTargetSource {
  return async () => {
    if (!file) return undefined;
    try {
      const info = JSON.parse(await readFile(file, 'utf8')) as { pipeEvents?: SandboxPipeEventsInfo; core?: { server?: string }; fakeGithub?: { login?: string } };
      if (!info.pipeEvents || !info.core?.server) return undefined;
      return { pipeEvents: info.pipeEvents, coreServer: info.core.server, ...(info.fakeGithub?.login ? { sender: info.fakeGithub.login } : {}) };
    } catch {
      return undefined;
    }
  };
}

/** The newest sandbox folder of this user that runs pipe-events (`npm run sandbox` then `npm start` just works). */
export function runningSandboxSource(): LocalTargetSource {
  return async () => {
    try {
      const { findRunningSandboxFile } = await import('../../sandbox/find-sandbox');
      const file = findRunningSandboxFile();
      return file ? await sandboxInfoFileSource(file)() : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Decides whether the app may send, and sends. */
export class LocalSampleSender {
  constructor(
    private readonly source: LocalTargetSource,
    /** The core server of the platform profile the app is connected to (undefined: none). */
    private readonly profileCoreServer: () => string | undefined,
  ) {}

  /** The target when the connected profile is the local PIPE's, else why not. */
  async target(): Promise<{ target: LocalPipeEventsTarget } | { reason: string }> {
    const t = await this.source();
    if (!t) return { reason: 'No local PIPE with pipe-events is running (start one, or `npm run sandbox`).' };
    const core = this.profileCoreServer();
    if (!core) return { reason: 'Not connected to a PIPE platform profile.' };
    if (normalize(core) !== normalize(t.coreServer)) return { reason: 'Sample events go only to the local PIPE; the app is connected to another PIPE.' };
    return { target: t };
  }

  /** Signs and posts one sample delivery. */
  async send(kind: SampleEventKindName, branch: string | undefined): Promise<{ deliveryId: string; event: string; summary: string; status: number; message: string }> {
    const found = await this.target();
    if ('reason' in found) throw new RpcError('unavailable', found.reason);
    try {
      const { sendSampleEvent } = await import('../../sandbox/send-event');
      return await sendSampleEvent(found.target.pipeEvents, { kind, ...(branch ? { branch } : {}) }, found.target.sender);
    } catch (err) {
      throw new RpcError('unavailable', `The local pipe-events did not take the event: ${(err as Error).message}`);
    }
  }
}

function normalize(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}

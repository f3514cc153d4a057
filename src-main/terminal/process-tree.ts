// Finds the processes that belong to a terminal: its session (survives re-parenting when the shell dies) and its
// descendants. Linux reads /proc; elsewhere `ps`.
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';

/** One process as seen in a snapshot. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Session id on Linux, process group elsewhere. */
  readonly session: number;
  readonly name: string;
}

/** Every process visible to this user, once. */
export async function listProcesses(platform: NodeJS.Platform = process.platform): Promise<ProcessEntry[]> {
  return platform === 'linux' ? listFromProc() : listFromPs();
}

/** The processes of the terminal whose leader is `leader` (not the leader itself): same session, or descendants. */
export function terminalProcesses(all: readonly ProcessEntry[], leader: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = new Map<number, ProcessEntry>();
  for (const p of all) if (p.session === leader && p.pid !== leader) found.set(p.pid, p);
  const queue = [leader, ...found.keys()];
  while (queue.length) {
    for (const c of children.get(queue.pop()!) ?? []) {
      if (c.pid === leader || found.has(c.pid)) continue;
      found.set(c.pid, c);
      queue.push(c.pid);
    }
  }
  return [...found.values()];
}

/** True while a process exists (zombies count as gone). */
export async function isAlive(pid: number, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      return parseStat(stat)?.state !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends a signal, ignoring processes that are already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already, or not ours
  }
}

async function listFromProc(): Promise<ProcessEntry[]> {
  const names = await readdir('/proc');
  const out: ProcessEntry[] = [];
  await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        try {
          const parsed = parseStat(await readFile(`/proc/${n}/stat`, 'utf8'));
          if (parsed && parsed.state !== 'Z') out.push(parsed.entry);
        } catch {
          // exited while we looked
        }
      }),
  );
  return out;
}

/** Parses /proc/<pid>/stat: "pid (comm) state ppid pgrp session …"; comm may contain spaces and parentheses. */
export function parseStat(text: string): { entry: ProcessEntry; state: string } | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(' ');
  const [state, ppid, , session] = rest;
  if (!state || !Number.isInteger(pid)) return undefined;
  return { state, entry: { pid, ppid: Number(ppid), session: Number(session), name: text.slice(open + 1, close) } };
}

function listFromPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,comm='], { maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      if (err) return resolve([]);
      const out: ProcessEntry[] = [];
      for (const line of stdout.split('\n')) {
        const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
        if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]), session: Number(m[3]), name: m[4]!.trim() });
      }
      resolve(out);
    });
  });
}

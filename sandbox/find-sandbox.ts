// Finds the running sandbox's description (sandbox.json) for `npm run sandbox -- send` and the app's host: the newest
// sandbox folder of this user (tmpfs first) that runs pipe-events. Folders other users could have planted are skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSandboxInfo, SANDBOX_INFO_ENV, type SandboxInfo } from './info.js';

/** True for a folder (and file) owned by this user that nobody else may write. */
function ownedByMe(path: string): boolean {
  const st = statSync(path);
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/** The newest `pipe-sandbox-*` folder's sandbox.json (owned by this user) whose sandbox runs pipe-events. */
export function findRunningSandboxFile(bases: readonly string[] = ['/dev/shm', tmpdir()]): string | undefined {
  const candidates: { file: string; at: number }[] = [];
  for (const base of bases) {
    let names: string[] = [];
    try {
      names = readdirSync(base).filter((n) => n.startsWith('pipe-sandbox-'));
    } catch {
      continue;
    }
    for (const n of names) {
      const file = join(base, n, 'sandbox.json');
      try {
        if (existsSync(file) && ownedByMe(join(base, n)) && ownedByMe(file)) candidates.push({ file, at: statSync(file).mtimeMs });
      } catch {
        // Gone meanwhile.
      }
    }
  }
  for (const c of candidates.sort((a, b) => b.at - a.at)) {
    try {
      if (readSandboxInfo(c.file).pipeEvents) return c.file;
    } catch {
      // Being written or broken: try the next.
    }
  }
  return undefined;
}

/** The running sandbox: `explicit`, else $PIPE_SANDBOX_INFO, else the newest one found. */
export function findSandboxInfo(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): SandboxInfo {
  if (explicit) return readSandboxInfo(explicit);
  if (env[SANDBOX_INFO_ENV] && existsSync(env[SANDBOX_INFO_ENV]!)) return readSandboxInfo(env[SANDBOX_INFO_ENV]);
  const found = findRunningSandboxFile();
  if (!found) throw new Error('no running sandbox with pipe-events found: start one with `npm run sandbox` (or pass --info <dir>/sandbox.json)');
  return readSandboxInfo(found);
}

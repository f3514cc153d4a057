// Reads kubeconfig files and folders from disk without ever throwing: every failure becomes a problem on that file.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MAX_KUBECONFIG_BYTES,
  failedKubeconfig,
  parseKubeconfig,
  type ParsedKubeconfig,
} from '../../src-shared/clusters/kubeconfig-parse';
import { looksLikeKubeconfigName } from '../../src-shared/clusters/kubeconfig-sources';

/** The most files taken from one folder. */
export const MAX_FILES_PER_FOLDER = 200;

/** A file as read: parsed content, or why it could not be read. */
export interface ReadKubeconfig {
  readonly parsed: ParsedKubeconfig;
  readonly exists: boolean;
  /** Size and mtime, to skip re-parsing unchanged files. */
  readonly stamp: string;
}

/** Reads and parses one file (missing → exists: false, too large / unreadable / garbage → a file-level problem). */
export async function readKubeconfigFile(path: string, previous?: ReadKubeconfig): Promise<ReadKubeconfig> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { parsed: failedKubeconfig(path, 'The file does not exist.'), exists: false, stamp: 'missing' };
    return { parsed: failedKubeconfig(path, `The file cannot be read (${code ?? 'error'}).`), exists: true, stamp: `err:${code}` };
  }
  const stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
  if (previous && previous.stamp === stamp) return previous;
  if (!s.isFile()) return { parsed: failedKubeconfig(path, 'This is not a regular file.'), exists: true, stamp };
  if (s.size > MAX_KUBECONFIG_BYTES) {
    return {
      parsed: failedKubeconfig(path, `The file is ${(s.size / 1024 / 1024).toFixed(1)} MB; kubeconfigs over ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MB are not read.`),
      exists: true,
      stamp,
    };
  }
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { parsed: failedKubeconfig(path, `The file cannot be read (${code ?? 'error'}).`), exists: code !== 'ENOENT', stamp };
  }
  if (buf.includes(0)) return { parsed: failedKubeconfig(path, 'This is a binary file, not a kubeconfig.'), exists: true, stamp };
  return { parsed: parseKubeconfig(path, buf.toString('utf8')), exists: true, stamp };
}

/** What a user-added path turned out to be. */
export type UserPathKind = { kind: 'file' } | { kind: 'folder'; files: string[] } | { kind: 'missing' };

/** Looks at a user-added path: a folder yields its kubeconfig-looking files (sorted, capped). */
export async function inspectUserPath(path: string): Promise<UserPathKind> {
  try {
    const s = await stat(path);
    if (!s.isDirectory()) return { kind: 'file' };
  } catch {
    return { kind: 'missing' };
  }
  try {
    const entries = await readdir(path, { withFileTypes: true });
    const files = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && looksLikeKubeconfigName(e.name))
      .map((e) => join(path, e.name))
      .sort()
      .slice(0, MAX_FILES_PER_FOLDER);
    return { kind: 'folder', files };
  } catch {
    return { kind: 'folder', files: [] };
  }
}

// Resolves a renderer-supplied relative path inside an opened folder; anything that could leave it is refused.
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RpcError } from '../../src-shared/contract/errors';

const YAML_FILE = /\.ya?ml$/i;

/** Checks the shape of a relative path: `/`-separated segments, no `..`, no absolute path, YAML only. */
export function checkRelativePath(path: string): string[] {
  if (path.includes('\0') || path.includes('\\')) throw new RpcError('bad-request', 'The path contains a forbidden character.');
  if (isAbsolute(path) || path.startsWith('/')) throw new RpcError('forbidden', 'Only paths inside the opened folder are allowed.');
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new RpcError('forbidden', 'Only paths inside the opened folder are allowed (no `.`, `..` or empty segments).');
  }
  if (!YAML_FILE.test(path)) throw new RpcError('forbidden', 'Only YAML files (.yaml, .yml) can be opened here.');
  return segments;
}

/** True when `child` is `root` or lies below it (both absolute, normalized). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The absolute path of `path` inside `root` (a realpath). Existing parts are resolved with realpath so a
 * symlink cannot lead outside; a missing file is allowed only when `allowMissing` (a new file).
 */
export async function resolveInside(root: string, path: string, allowMissing: boolean): Promise<string> {
  const segments = checkRelativePath(path);
  const target = join(root, ...segments);
  if (!isInside(root, resolve(target))) throw new RpcError('forbidden', 'Only paths inside the opened folder are allowed.');
  // Walk up to the nearest existing ancestor and make sure its real location is inside the root.
  let existing = target;
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new RpcError('forbidden', 'The path cannot be read.');
      if (existing === target && !allowMissing) throw new RpcError('not-found', `${path} does not exist.`);
      existing = dirname(existing);
    }
  }
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    throw new RpcError('forbidden', 'The path cannot be resolved (a broken link?).');
  }
  if (!isInside(root, real)) throw new RpcError('forbidden', 'The path leads outside the opened folder (a symbolic link?).');
  if (existing === target) {
    const st = await lstat(real);
    if (!st.isFile()) throw new RpcError('forbidden', `${path} is not a regular file.`);
    return real;
  }
  return join(real, relative(existing, target));
}

// An in-memory git object store for the fake GitHub: blobs, trees and commits with git's SHA-1 object ids.
import { createHash } from 'node:crypto';

/** A tree entry as git stores it. */
export interface GitTreeEntry {
  readonly path: string;
  readonly mode: '100644' | '040000';
  readonly type: 'blob' | 'tree';
  readonly sha: string;
  readonly size?: number;
}

/** A commit. */
export interface GitCommit {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly date: string;
}

function gitHash(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

/** One repository's objects and refs. */
export class FakeGitRepo {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, GitTreeEntry[]>();
  readonly commits = new Map<string, GitCommit>();
  readonly refs = new Map<string, string>();

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch = 'main',
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Writes a commit whose tree holds exactly `files` (path → content) and moves `branch` to it. */
  commit(
    files: Readonly<Record<string, string | Buffer>>,
    opts: { branch?: string; message?: string; parents?: string[] } = {},
  ): string {
    const branch = opts.branch ?? this.defaultBranch;
    const parents =
      opts.parents ?? (this.refs.has(`heads/${branch}`) ? [this.refs.get(`heads/${branch}`)!] : []);
    const tree = this.writeTree(files);
    const date = new Date().toISOString();
    const body = Buffer.from(
      `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author PIPE <pipe@example.com> ${Date.now()}\n\n${opts.message ?? 'commit'}\n`,
    );
    const sha = gitHash('commit', body);
    this.commits.set(sha, { sha, tree, parents, message: opts.message ?? 'commit', date });
    this.refs.set(`heads/${branch}`, sha);
    return sha;
  }

  /** Writes the tree of `files` (path → content) and returns its sha (the git data API's POST …/git/trees). */
  writeFiles(files: Readonly<Record<string, string | Buffer>>): string {
    return this.writeTree(files);
  }

  /** Files of a tree (path → content), for building a new tree on a base tree. */
  filesOfTree(treeSha: string): Record<string, Buffer> {
    const out: Record<string, Buffer> = {};
    const walk = (sha: string, prefix: string): void => {
      for (const e of this.trees.get(sha) ?? []) {
        if (e.type === 'tree') walk(e.sha, `${prefix}${e.path}/`);
        else out[`${prefix}${e.path}`] = this.blobs.get(e.sha) ?? Buffer.alloc(0);
      }
    };
    walk(treeSha, '');
    return out;
  }

  /** Records a commit object for an existing tree without moving any ref (POST …/git/commits). */
  commitTree(tree: string, parents: readonly string[], message: string): string {
    const body = Buffer.from(`tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author PIPE <pipe@example.com> ${Date.now()}\n\n${message}\n`);
    const sha = gitHash('commit', body);
    this.commits.set(sha, { sha, tree, parents: [...parents], message, date: new Date().toISOString() });
    return sha;
  }

  /** Files of a commit (path → blob sha). */
  filesAt(commitSha: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (treeSha: string, prefix: string): void => {
      for (const e of this.trees.get(treeSha) ?? []) {
        if (e.type === 'tree') walk(e.sha, `${prefix}${e.path}/`);
        else out.set(`${prefix}${e.path}`, e.sha);
      }
    };
    const c = this.commits.get(commitSha);
    if (c) walk(c.tree, '');
    return out;
  }

  /** Resolves a SHA, `sha^`, branch, tag, `heads/x`, `tags/x` or `refs/heads/x` to a commit SHA. */
  resolve(rev: string): string | undefined {
    if (rev.endsWith('^')) {
      const base = this.resolve(rev.slice(0, -1));
      return base ? this.commits.get(base)?.parents[0] : undefined;
    }
    if (this.commits.has(rev)) return rev;
    const short = rev.replace(/^refs\//, '');
    return this.refs.get(short) ?? this.refs.get(`heads/${short}`) ?? this.refs.get(`tags/${short}`);
  }

  /** Commits reachable from `head` but not from `base` (first-parent walk is enough for the fake's linear histories). */
  commitsBetween(base: string, head: string): GitCommit[] {
    const stop = new Set<string>();
    for (let s: string | undefined = base; s; s = this.commits.get(s)?.parents[0]) stop.add(s);
    const out: GitCommit[] = [];
    for (let s: string | undefined = head; s && !stop.has(s); s = this.commits.get(s)?.parents[0])
      out.unshift(this.commits.get(s)!);
    return out;
  }

  private writeTree(files: Readonly<Record<string, string | Buffer>>): string {
    const children = new Map<string, Record<string, string | Buffer>>();
    const entries: GitTreeEntry[] = [];
    for (const [path, content] of Object.entries(files)) {
      const slash = path.indexOf('/');
      if (slash >= 0) {
        const dir = path.slice(0, slash);
        children.set(dir, { ...(children.get(dir) ?? {}), [path.slice(slash + 1)]: content });
        continue;
      }
      const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
      const sha = gitHash('blob', buf);
      this.blobs.set(sha, buf);
      entries.push({ path, mode: '100644', type: 'blob', sha, size: buf.length });
    }
    for (const [dir, sub] of children)
      entries.push({ path: dir, mode: '040000', type: 'tree', sha: this.writeTree(sub) });
    entries.sort((a, b) => a.path.localeCompare(b.path));
    const body = Buffer.from(entries.map((e) => `${e.mode} ${e.path}\0${e.sha}`).join(''));
    const sha = gitHash('tree', body);
    this.trees.set(sha, entries);
    return sha;
  }
}

// Lists the repository's Pipelines at a commit via git trees + blobs: configured folders, truncated trees walked, size limit, SHA caches.
import type { GitHubApi, RepoScope, TreeEntry } from './github-api';
import { LRUCache } from 'lru-cache';
import { mapLimit } from '../util/map-limit';
import {
  parsePipelineFile,
  type LoadedPipeline,
  type ParsedPipelineFile,
  type PipelineFileError,
} from './pipeline-file';

/** Options of the source. */
export interface PipelineSourceOptions {
  /** Folders from the repository root, e.g. `.pipe`, `.tekton` (nested folders like `ci/.pipe` work). */
  readonly folders: readonly string[];
  readonly maxFileBytes: number;
  readonly parallelism?: number;
}

/** Pipelines found at a commit, and the files that could not be used. */
export interface PipelineListing {
  /** The commit listed (resolved when a ref was given). */
  readonly sha: string;
  readonly pipelines: readonly LoadedPipeline[];
  readonly errors: readonly PipelineFileError[];
}

const SHA = /^[0-9a-f]{40}$/i;

/** Reads pipeline definitions from GitHub; everything keyed by a git SHA is cached (immutable). */
export class PipelineSource {
  private readonly commitTrees = new LRUCache<string, string>({ max: 5000 });
  private readonly trees = new LRUCache<string, { entries: TreeEntry[]; truncated: boolean }>({ max: 5000 });
  private readonly parsed = new LRUCache<string, ParsedPipelineFile>({ max: 5000 });

  constructor(
    private readonly api: GitHubApi,
    private readonly opts: PipelineSourceOptions,
  ) {}

  /** Pipelines at `ref`: a commit SHA, or a branch/tag/full ref when an event has no SHA (resolved to a commit first). */
  async list(scope: RepoScope, ref: string): Promise<PipelineListing> {
    const { sha, treeSha: rootSha } = await this.resolve(scope, ref);
    const files: TreeEntry[] = [];
    for (const folder of this.opts.folders) {
      const folderSha = await this.resolveFolder(scope, rootSha, folder.replace(/^\/+|\/+$/g, ''));
      if (folderSha)
        files.push(...(await this.listFiles(scope, folderSha, folder.replace(/^\/+|\/+$/g, ''))));
    }
    const yamlFiles = files
      .filter((f) => f.type === 'blob' && /\.ya?ml$/i.test(f.path))
      .sort((a, b) => a.path.localeCompare(b.path));
    const results = await mapLimit(yamlFiles, this.opts.parallelism ?? 8, (f) => this.loadFile(scope, f));
    const pipelines: LoadedPipeline[] = [];
    const errors: PipelineFileError[] = [];
    const seen = new Map<string, string>();
    for (const r of results) {
      errors.push(...r.errors);
      for (const p of r.pipelines) {
        const other = seen.get(p.name);
        if (other) {
          errors.push({
            file: p.file,
            pipeline: p.name,
            message: `Pipeline name "${p.name}" is already defined in ${other}; this one is skipped`,
          });
          continue;
        }
        seen.set(p.name, p.file);
        pipelines.push(p);
      }
    }
    return { sha, pipelines, errors };
  }

  private async resolve(scope: RepoScope, ref: string): Promise<{ sha: string; treeSha: string }> {
    if (!SHA.test(ref)) return this.api.resolveCommit(scope, ref); // refs move: not cached (the ETag cache still applies)
    const key = `${scope.owner}/${scope.repo}@${ref}`;
    let treeSha = this.commitTrees.get(key);
    if (!treeSha) {
      treeSha = (await this.api.getCommit(scope, ref)).treeSha;
      this.commitTrees.set(key, treeSha);
    }
    return { sha: ref, treeSha };
  }

  private async tree(
    scope: RepoScope,
    sha: string,
    recursive: boolean,
  ): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    const key = `${scope.owner}/${scope.repo}:${sha}:${recursive ? 'r' : ''}`;
    let t = this.trees.get(key);
    if (!t) {
      t = await this.api.getTree(scope, sha, recursive);
      if (SHA.test(sha)) this.trees.set(key, t);
    }
    return t;
  }

  private async resolveFolder(
    scope: RepoScope,
    rootSha: string,
    folder: string,
  ): Promise<string | undefined> {
    let sha = rootSha;
    for (const part of folder.split('/')) {
      const entry = (await this.tree(scope, sha, false)).entries.find(
        (e) => e.path === part && e.type === 'tree',
      );
      if (!entry) return undefined;
      sha = entry.sha;
    }
    return sha;
  }

  /** All entries under a folder with repository-relative paths; a truncated recursive answer is redone one tree at a time. */
  private async listFiles(scope: RepoScope, sha: string, prefix: string): Promise<TreeEntry[]> {
    const recursive = await this.tree(scope, sha, true);
    if (!recursive.truncated) return recursive.entries.map((e) => ({ ...e, path: `${prefix}/${e.path}` }));
    const out: TreeEntry[] = [];
    const walk = async (treeSha: string, path: string): Promise<void> => {
      for (const e of (await this.tree(scope, treeSha, false)).entries) {
        if (e.type === 'tree') await walk(e.sha, `${path}/${e.path}`);
        else out.push({ ...e, path: `${path}/${e.path}` });
      }
    };
    await walk(sha, prefix);
    return out;
  }

  private async loadFile(scope: RepoScope, f: TreeEntry): Promise<ParsedPipelineFile> {
    if (f.size !== undefined && f.size > this.opts.maxFileBytes) {
      return {
        pipelines: [],
        errors: [
          {
            file: f.path,
            message: `file is ${f.size} bytes; pipeline files over ${this.opts.maxFileBytes} bytes are skipped`,
          },
        ],
      };
    }
    const key = `${f.sha}:${f.path}`;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      const blob = await this.api.getBlob(scope, f.sha);
      parsed =
        blob.length > this.opts.maxFileBytes
          ? {
              pipelines: [],
              errors: [
                {
                  file: f.path,
                  message: `file is ${blob.length} bytes; pipeline files over ${this.opts.maxFileBytes} bytes are skipped`,
                },
              ],
            }
          : parsePipelineFile(f.path, blob.toString('utf8'));
      this.parsed.set(key, parsed);
    }
    return parsed;
  }
}

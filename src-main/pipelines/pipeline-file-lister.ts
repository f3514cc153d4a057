// Lists the pipeline files of a repository checkout: YAML under `.pipe/` and `.tekton/`, bounded.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineFileEntry } from '../../src-shared/contract/pipelines';

/** The folders of a repository that hold pipelines. */
export const PIPELINE_FOLDERS = ['.pipe', '.tekton'] as const;

const MAX_FILES = 500;
const MAX_DEPTH = 4;
const YAML_FILE = /\.ya?ml$/i;

/** YAML files under `.pipe/` and `.tekton/` of `root`, sorted; symbolic links are not followed. */
export async function listPipelineFiles(root: string): Promise<PipelineFileEntry[]> {
  const out: PipelineFileEntry[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const childRel = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(childRel, depth + 1);
      else if (e.isFile() && YAML_FILE.test(e.name)) {
        try {
          const s = await stat(join(root, childRel));
          out.push({ path: childRel, size: s.size, mtimeMs: s.mtimeMs });
        } catch {
          // Removed while listing: the next change event lists again.
        }
      }
    }
  };
  for (const folder of PIPELINE_FOLDERS) await walk(folder, 1);
  return out;
}

/** A fingerprint of a listing, to tell whether anything changed. */
export function listingKey(files: readonly PipelineFileEntry[]): string {
  return files.map((f) => `${f.path}:${f.size}:${f.mtimeMs}`).join('\n');
}

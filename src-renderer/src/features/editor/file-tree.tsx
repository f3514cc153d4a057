// The workspace's pipeline files, grouped by folder; click to open in a tab.
import type { ReactElement } from 'react';
import type { PipelineFileEntry } from '../../../../src-shared/contract/pipelines';

/** Props of FileTree. */
export interface FileTreeProps {
  readonly files: readonly PipelineFileEntry[];
  readonly activePath: string | undefined;
  readonly dirty: ReadonlySet<string>;
  readonly onOpen: (path: string) => void;
}

/** Files by folder (`.pipe`, `.tekton/tasks`, …). */
export function FileTree({ files, activePath, dirty, onOpen }: FileTreeProps): ReactElement {
  const groups = new Map<string, PipelineFileEntry[]>();
  for (const f of files) {
    const i = f.path.lastIndexOf('/');
    const dir = i < 0 ? '' : f.path.slice(0, i);
    groups.set(dir, [...(groups.get(dir) ?? []), f]);
  }
  if (files.length === 0) {
    return <p className="editor-muted">No YAML in <code>.pipe/</code> or <code>.tekton/</code> yet. Use “New pipelines” to create them.</p>;
  }
  return (
    <nav className="file-tree" aria-label="Pipeline files">
      {[...groups].map(([dir, entries]) => (
        <div key={dir} className="file-tree__group">
          {dir && <div className="file-tree__dir">{dir}/</div>}
          <ul>
            {entries.map((f) => (
              <li key={f.path}>
                <button type="button" className="file-tree__file" aria-current={f.path === activePath ? 'true' : undefined} onClick={() => onOpen(f.path)} title={f.path}>
                  {f.path.slice(dir ? dir.length + 1 : 0)}
                  {dirty.has(f.path) ? ' ●' : ''}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

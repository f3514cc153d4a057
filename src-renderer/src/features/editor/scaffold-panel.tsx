// "New pipelines": pick a stack, preview ci/build/cd, write them into `.pipe/` of the open folder.
import { useMemo, useState, type ReactElement } from 'react';
import { scaffoldPipelines, STACKS, type StackId } from '../../../../src-shared/pipelines/scaffold';
import { describeError } from '../../bridge/report-error';
import { useFiles, useWorkspace } from './editor-store';
import { createFile } from './workspace-actions';
import { PullRequestForm } from './pull-request-form';
import { host } from '../../bridge/host';

/** The scaffolder form and preview (collapsed until opened). */
export function ScaffoldPanel(): ReactElement {
  const workspace = useWorkspace();
  const files = useFiles();
  const [stack, setStack] = useState<StackId>('node');
  const [defaultBranch, setDefaultBranch] = useState('main');
  const [imageRepository, setImageRepository] = useState('registry.example.com/team/app');
  const [shown, setShown] = useState(0);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const name = workspace?.name ?? 'app';
  const generated = useMemo(
    () => scaffoldPipelines({ stack, defaultBranch: defaultBranch.trim() || 'main', imageRepository: imageRepository.trim() || 'registry.example.com/app', name }),
    [stack, defaultBranch, imageRepository, name],
  );
  const existing = generated.filter((g) => files.some((f) => f.path === g.path)).map((g) => g.path);
  const write = async (): Promise<void> => {
    setStatus(undefined);
    const written: string[] = [];
    try {
      for (const g of generated) {
        await createFile(g.path, g.text);
        written.push(g.path);
      }
      setStatus(`Wrote ${written.join(', ')}.`);
    } catch (err) {
      setStatus(`${written.length ? `Wrote ${written.join(', ')}; ` : ''}stopped: ${describeError(err)}`);
    }
  };
  const file = generated[Math.min(shown, generated.length - 1)]!;
  return (
    <details className="scaffold">
      <summary>New pipelines…</summary>
      <div className="scaffold__form">
        <label>
          Stack{' '}
          <select value={stack} onChange={(e) => setStack(e.target.value as StackId)}>
            {STACKS.map((s) => (
              <option key={s.id} value={s.id}>{s.title}</option>
            ))}
          </select>
        </label>
        <label>
          Default branch <input value={defaultBranch} onChange={(e) => setDefaultBranch(e.target.value)} />
        </label>
        <label>
          Image repository <input value={imageRepository} onChange={(e) => setImageRepository(e.target.value)} />
        </label>
        <div role="tablist" aria-label="Generated files" className="scaffold__files">
          {generated.map((g, i) => (
            <button key={g.path} type="button" role="tab" aria-selected={i === shown} onClick={() => setShown(i)}>
              {g.path.slice('.pipe/'.length)}
            </button>
          ))}
        </div>
        <p className="scaffold__summary">{file.summary}</p>
        <pre className="scaffold__preview" aria-label={`Preview of ${file.path}`}>{file.text}</pre>
        {existing.length > 0 && <p className="scaffold__warn">Already there (kept, not overwritten): {existing.join(', ')}</p>}
        <button type="button" disabled={existing.length === generated.length} onClick={() => void write()}>
          Write to .pipe/
        </button>
        {status && <p role="status">{status}</p>}
        <PullRequestForm files={generated} open={(req) => host().pipelines.openPullRequest(req)} />
      </div>
    </details>
  );
}

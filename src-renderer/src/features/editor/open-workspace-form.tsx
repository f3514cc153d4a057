// Opens a folder (a repository checkout) or one YAML file by path.
import { useState, type FormEvent, type ReactElement } from 'react';
import { describeError } from '../../bridge/report-error';
import { openFile, openFolder } from './workspace-actions';
import { host } from '../../bridge/host';
import { useAppInfo } from '../../state/selectors';

/** A path field with "Open folder" and "Open file". */
export function OpenWorkspaceForm({ compact = false }: { compact?: boolean }): ReactElement {
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const desktop = useAppInfo()?.mode === 'electron';
  const run = async (open: (p: string) => Promise<void>): Promise<void> => {
    if (!path.trim()) return setError('Enter the path of a folder or a YAML file.');
    setBusy(true);
    setError(undefined);
    try {
      await open(path.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run(openFolder);
  };
  return (
    <form className={compact ? 'open-form open-form--compact' : 'open-form'} onSubmit={submit}>
      <input
        type="text"
        aria-label="Folder or file path"
        placeholder="/path/to/your/repository"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        spellCheck={false}
      />
      <button type="submit" disabled={busy}>Open folder</button>
      <button type="button" disabled={busy} onClick={() => void run(openFile)}>Open file</button>
      {desktop && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void host()
              .pipelines.pickFolder({})
              .then(({ path: picked }) => (picked ? openFolder(picked) : undefined))
              .catch((err: unknown) => setError(describeError(err)))
          }
        >
          Choose folder…
        </button>
      )}
      {error && <p className="open-form__error" role="alert">{error}</p>}
    </form>
  );
}

// The kubeconfig files the app reads, each with its own problems; add files/folders, paste one, set the platform profile.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { KubeconfigFileInfo } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { useSettings } from '../../state/selectors';
import { retainOverview, useOverview } from './overview-store';
import './clusters.css';

const KIND_TEXT: Record<KubeconfigFileInfo['kind'], string> = { env: 'KUBECONFIG', default: '~/.kube/config', user: 'added by you', app: 'imported' };
const STATE_TEXT: Record<KubeconfigFileInfo['state'], string> = { ok: 'OK', partial: 'Partly invalid', error: 'Cannot be used', missing: 'Not found' };

/** The main view `clusters.kubeconfigs`. */
export function KubeconfigsView(): ReactElement {
  useEffect(() => retainOverview(), []);
  const overview = useOverview();
  return (
    <div className="page kubeconfigs">
      <h1 className="page__title">Kubeconfigs</h1>
      <p className="page__lead">
        Files are read with kubectl’s merge rules (the first file that defines a name wins) and watched: edits apply at once. PIPE Desktop never
        changes them.
      </p>
      <AddPath />
      <section className="form-section" aria-labelledby="kc-files-h">
        <h2 id="kc-files-h">Files</h2>
        {!overview && <p>Loading…</p>}
        <ul className="kc-files">
          {overview?.files.map((f) => <FileItem key={f.path} file={f} />)}
        </ul>
      </section>
      <ImportText />
      <ProfileSection />
    </div>
  );
}

function FileItem({ file }: { file: KubeconfigFileInfo }): ReactElement {
  return (
    <li className={`kc-file kc-file--${file.state}`} aria-label={file.path}>
      <div className="kc-file__head">
        <code className="kc-file__path">{file.path}</code>
        <span className={`badge badge--${file.state === 'ok' ? 'ok' : file.state === 'missing' ? 'muted' : file.state === 'partial' ? 'warn' : 'danger'}`}>{STATE_TEXT[file.state]}</span>
        <span className="kc-file__meta">
          {KIND_TEXT[file.kind]}
          {file.folder ? ` (folder ${file.folder})` : ''} · {file.contexts} contexts
        </span>
        {file.removable && (
          <button
            type="button"
            className="btn"
            onClick={() => void host().clusters.removeKubeconfigPath({ path: file.folder ?? file.path }).catch((e: unknown) => reportError('Removing the file', e))}
          >
            Remove
          </button>
        )}
      </div>
      {file.problems.length > 0 && (
        <ul className="kc-file__problems">
          {file.problems.map((p, i) => (
            <li key={i} className={`kc-problem kc-problem--${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function AddPath(): ReactElement {
  const [path, setPath] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const p = path.trim();
    if (!p) return;
    host()
      .clusters.addKubeconfigPath({ path: p })
      .then(() => setPath(''), (err: unknown) => reportError('Adding the kubeconfig', err));
  };
  return (
    <form className="form-section kc-add" onSubmit={submit}>
      <label className="field">
        <span className="field__label">Add a kubeconfig file or folder</span>
        <input className="input" placeholder="/path/to/kubeconfig or /path/to/folder" value={path} onChange={(e) => setPath(e.target.value)} />
      </label>
      <button type="submit" className="btn btn--primary">
        Add
      </button>
    </form>
  );
}

function ImportText(): ReactElement {
  const [name, setName] = useState('pasted');
  const [text, setText] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    host()
      .clusters.importKubeconfig({ name, text })
      .then(() => setText(''), (err: unknown) => reportError('Importing the kubeconfig', err));
  };
  return (
    <form className="form-section" onSubmit={submit} aria-label="Paste a kubeconfig">
      <h2>Paste a kubeconfig</h2>
      <p className="field__hint">Stored in the app’s own folder (mode 0600), separate from your files.</p>
      <label className="field">
        <span className="field__label">Name</span>
        <input className="input input--narrow" value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9._-]+" />
      </label>
      <textarea className="input kc-paste" aria-label="Kubeconfig YAML" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <button type="submit" className="btn" disabled={!text.trim()}>
        Import
      </button>
    </form>
  );
}

function ProfileSection(): ReactElement {
  const overview = useOverview();
  const settings = useSettings();
  const [url, setUrl] = useState(settings?.profileUrl ?? '');
  const profile = overview?.profile;
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const value = url.trim();
    host()
      .settings.update({ profileUrl: value })
      .catch((err: unknown) => reportError('Saving the profile location', err));
  };
  return (
    <section className="form-section" aria-labelledby="kc-profile-h">
      <h2 id="kc-profile-h">PIPE platform profile</h2>
      <p>
        {profile?.state === 'loaded' && `Loaded from ${profile.source}${profile.name ? ` (${profile.name})` : ''}. Namespaces: ${profile.namespaces.join(', ') || 'none'}.`}
        {profile?.state === 'none' && 'No profile yet: it is read from the ConfigMap pipe-system/pipe-profile on the core cluster, or from the file or URL below.'}
        {profile?.state === 'loading' && 'Loading…'}
        {profile?.state === 'error' && <span role="alert">{profile.error}</span>}
      </p>
      <form className="kc-add" onSubmit={save}>
        <label className="field">
          <span className="field__label">Profile file or URL (optional)</span>
          <input className="input" placeholder="https://… or /path/to/profile.json" value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <button type="submit" className="btn">
          Save
        </button>
        <button type="button" className="btn" onClick={() => void host().clusters.reloadProfile({}).catch((err: unknown) => reportError('Reloading the profile', err))}>
          Reload
        </button>
      </form>
    </section>
  );
}

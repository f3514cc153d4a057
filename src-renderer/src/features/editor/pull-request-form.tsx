// "Open a pull request" with the scaffold on a GitHub repository (signed in to GitHub: the host uses the account).
import { useState, type ReactElement } from 'react';

/** The host call, injected (tests pass a stand-in). */
export type OpenPullRequest = (req: { repository: string; files: { path: string; text: string }[] }) => Promise<{ number: number; url: string; branch: string }>;

/** Repository field and the button; shows the opened PR's link or GitHub's refusal. */
export function PullRequestForm({ files, open }: { readonly files: readonly { path: string; text: string }[]; readonly open: OpenPullRequest }): ReactElement {
  const [repository, setRepository] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ url: string; number: number; branch: string } | { error: string } | undefined>();
  const valid = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository.trim());
  const submit = (): void => {
    setBusy(true);
    setOutcome(undefined);
    open({ repository: repository.trim(), files: files.map((f) => ({ path: f.path, text: f.text })) })
      .then((pr) => setOutcome(pr))
      .catch((err: unknown) => setOutcome({ error: err instanceof Error ? err.message : String(err) }))
      .finally(() => setBusy(false));
  };
  return (
    <div className="scaffold__pr">
      <label>
        GitHub repository <input value={repository} placeholder="owner/name" onChange={(e) => setRepository(e.target.value)} spellCheck={false} />
      </label>
      <button type="button" disabled={!valid || busy} onClick={submit}>Open a pull request</button>
      {outcome && 'url' in outcome && (
        <p role="status">
          Opened <a href={outcome.url} target="_blank" rel="noreferrer">pull request #{outcome.number}</a> from branch <code>{outcome.branch}</code>.
        </p>
      )}
      {outcome && 'error' in outcome && <p role="alert">{outcome.error}</p>}
    </div>
  );
}

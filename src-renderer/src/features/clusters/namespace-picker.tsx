// Switches the namespace of a context; when listing namespaces is forbidden, offers the profile's and typed ones (remembered).
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { ClusterEntry, NamespaceChoices } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { describeError, reportError } from '../../bridge/report-error';
import { VirtualList } from '../../ui/virtual-list';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A button showing the namespace; opens a searchable list. */
export function NamespacePicker({ entry }: { entry: ClusterEntry }): ReactElement {
  const [open, setOpen] = useState(false);
  return (
    <div className="ns-picker">
      <button
        type="button"
        className="btn ns-picker__button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Switch namespace (now ${entry.namespace})`}
        onClick={() => setOpen(!open)}
      >
        <span className="ns-picker__label">Namespace</span> <strong data-testid="current-namespace">{entry.namespace}</strong>
      </button>
      {open && <NamespacePopover entry={entry} onClose={() => setOpen(false)} />}
    </div>
  );
}

function NamespacePopover({ entry, onClose }: { entry: ClusterEntry; onClose: () => void }): ReactElement {
  const [choices, setChoices] = useState<NamespaceChoices | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    host()
      .clusters.namespaceChoices({ context: entry.context })
      .then((c) => live && setChoices(c), (e: unknown) => live && setError(describeError(e)));
    input.current?.focus();
    return () => {
      live = false;
    };
  }, [entry.context]);

  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (choices?.namespaces ?? []).filter((n) => !q || n.name.includes(q));
  }, [choices, query]);

  const choose = async (namespace: string, remember: boolean): Promise<void> => {
    try {
      if (remember) await host().clusters.rememberNamespace({ context: entry.context, namespace });
      await host().clusters.selectNamespace({ context: entry.context, namespace });
      onClose();
    } catch (err) {
      reportError('Switching the namespace', err);
    }
  };
  const typed = query.trim();
  const canUseTyped = NAME.test(typed) && !list.some((n) => n.name === typed);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (list[0] && !canUseTyped) void choose(list[0].name, false);
    else if (canUseTyped) void choose(typed, true);
  };

  return (
    <div className="ns-picker__popover" role="dialog" aria-label="Choose a namespace" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form onSubmit={submit}>
        <input ref={input} className="input" placeholder="Search or type a namespace" aria-label="Namespace" value={query} onChange={(e) => setQuery(e.target.value)} />
      </form>
      {choices?.listProblem && (
        <p className="ns-picker__note" role="note">
          Listing namespaces is not allowed here: <q>{choices.listProblem.message}</q> Showing the platform’s and your own namespaces; type another to use it.
        </p>
      )}
      {error && <p className="ns-picker__note">{error}</p>}
      {!choices && !error && <p className="ns-picker__note">Loading namespaces…</p>}
      <VirtualList
        className="ns-picker__list"
        ariaLabel="Namespaces"
        items={list}
        itemKey={(n) => n.name}
        renderItem={(n) => (
          <button type="button" className={n.name === entry.namespace ? 'ns-picker__item ns-picker__item--on' : 'ns-picker__item'} onClick={() => void choose(n.name, false)}>
            <span>{n.name}</span>
            {n.source !== 'cluster' && <span className="ns-picker__source">{n.source}</span>}
          </button>
        )}
      />
      {canUseTyped && (
        <button type="button" className="btn btn--primary ns-picker__use" onClick={() => void choose(typed, true)}>
          Use “{typed}”
        </button>
      )}
    </div>
  );
}

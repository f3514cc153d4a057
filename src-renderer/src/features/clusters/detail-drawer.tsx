// The detail drawer: the full object fetched on demand — conditions, owner links, labels, read-only YAML.
import { useEffect, useState, type ReactElement } from 'react';
import type { ObjectDetail, ResourceKind, ResourceRow } from '../../../../src-shared/contract/clusters';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import { PodActions } from '../terminal/pod-actions';

interface DetailDrawerProps {
  readonly context: string;
  readonly resource: ResourceKind;
  readonly row: ResourceRow;
  readonly onClose: () => void;
  readonly onOpenOwner: (resource: ResourceKind, name: string) => void;
}

/** Shows one object; refetches when its row changes. */
export function DetailDrawer({ context, resource, row, onClose, onOpenOwner }: DetailDrawerProps): ReactElement {
  const [detail, setDetail] = useState<ObjectDetail | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    host()
      .clusters.get({ context, resource, name: row.name, ...(row.namespace ? { namespace: row.namespace } : {}) })
      .then(
        (d) => {
          if (!live) return;
          setDetail(d);
          setError(undefined);
        },
        (e: unknown) => live && setError(describeError(e)),
      );
    return () => {
      live = false;
    };
  }, [context, resource, row]);

  return (
    <aside className="drawer" aria-label={`Details of ${row.name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="drawer__header">
        <h2 className="drawer__title">
          <span className="drawer__kind">{detail?.kind ?? ''}</span> {row.name}
        </h2>
        {resource === 'pods' && <PodActions context={context} namespace={row.namespace} pod={row.name} podYaml={detail?.yaml} />}
        <button type="button" className="icon-btn" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="drawer__body">
        {error && <p className="problem__message" role="alert">{error}</p>}
        {!detail && !error && <p className="cluster-view__empty">Loading…</p>}
        {detail && (
          <>
            {detail.owners.length > 0 && (
              <section>
                <h3>Owners</h3>
                <ul className="drawer__owners">
                  {detail.owners.map((o) => (
                    <li key={`${o.kind}/${o.name}`}>
                      {o.resource ? (
                        <button type="button" className="link" onClick={() => onOpenOwner(o.resource!, o.name)}>
                          {o.kind}/{o.name}
                        </button>
                      ) : (
                        `${o.kind}/${o.name}`
                      )}
                      {o.controller && <span className="drawer__muted"> (controller)</span>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <section>
              <h3>Conditions</h3>
              {detail.conditions.length === 0 ? (
                <p className="drawer__muted">None reported.</p>
              ) : (
                <table className="drawer__conditions">
                  <thead>
                    <tr>
                      <th>Type</th>
                      <th>Status</th>
                      <th>Reason / message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.conditions.map((c) => (
                      <tr key={c.type} className={c.status === 'False' ? 'drawer__cond--false' : undefined}>
                        <td>{c.type}</td>
                        <td>{c.status}</td>
                        <td>
                          {c.reason}
                          {c.message && <div className="drawer__muted">{c.message}</div>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            {Object.keys(detail.labels).length > 0 && (
              <section>
                <h3>Labels</h3>
                <ul className="drawer__labels">
                  {Object.entries(detail.labels).map(([k, v]) => (
                    <li key={k}>
                      <code>
                        {k}={v}
                      </code>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <section>
              <h3>YAML</h3>
              <pre className="drawer__yaml" aria-label="YAML (read-only)" tabIndex={0}>
                {detail.yaml}
              </pre>
            </section>
          </>
        )}
      </div>
    </aside>
  );
}

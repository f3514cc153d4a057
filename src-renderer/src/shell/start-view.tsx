// The start page: what PIPE Desktop is for, what to do first, and the views features provide.
import type { ReactElement } from 'react';
import { useMainViews, useCommands, useSidebarSections } from './view-registry';
import { openView, executeCommand } from './navigation';
import { appActions } from '../state/store';
import { ADD_KUBECONFIG_COMMAND } from './sidebar';

/** The local PIPE feature's command (features/local-pipe registers it). */
const START_LOCAL_PIPE_COMMAND = 'localPipe.start';
import { Icon, IconSlot } from '../ui/icon';
import { Kbd } from '../ui/kbd';

/** Shown when no tab is active. */
export function StartView(): ReactElement {
  const views = useMainViews().filter((v) => !v.hidden);
  const hasClusters = useSidebarSections().length > 0;
  const canAddKubeconfig = useCommands().some((c) => c.id === ADD_KUBECONFIG_COMMAND);
  const canStartLocalPipe = useCommands().some((c) => c.id === START_LOCAL_PIPE_COMMAND);
  return (
    <div className="start">
      <header className="start__header">
        <h1>Welcome to PIPE Desktop</h1>
        <p>Watch and run your PIPE pipelines on Kubernetes and Tekton: clusters, namespaces, pods, events, PipelineRuns and TaskRuns, live, in one window.</p>
      </header>

      <section className="start__section" aria-labelledby="start-first-h">
        <h2 id="start-first-h">Get started</h2>
        <ol className="start__steps">
          <li className={hasClusters ? 'start__step start__step--done' : 'start__step'}>
            <span className="start__step-icon">
              <Icon name="kubeconfig" />
            </span>
            <div>
              <strong>Connect a cluster</strong>
              <p>
                PIPE Desktop reads your kubeconfig (<code>~/.kube/config</code> and <code>KUBECONFIG</code>). No cluster at hand?{' '}
                {canStartLocalPipe ? 'Start a local PIPE on this machine and sign in to it.' : <>Run <code>npm run sandbox</code> for a local PIPE cluster.</>}
              </p>
              {canAddKubeconfig && (
                <button type="button" className="btn btn--primary" onClick={() => void executeCommand(ADD_KUBECONFIG_COMMAND)}>
                  Add kubeconfig…
                </button>
              )}{' '}
              {canStartLocalPipe && (
                <button type="button" className="btn" onClick={() => void executeCommand(START_LOCAL_PIPE_COMMAND)}>
                  Start a local PIPE
                </button>
              )}
            </div>
          </li>
          <li className="start__step">
            <span className="start__step-icon">
              <Icon name="command" />
            </span>
            <div>
              <strong>Find anything with the command palette</strong>
              <p>
                Press <Kbd binding="Mod+K" /> and type: open views, switch the theme, show the terminal or logs.
              </p>
              <button type="button" className="btn" onClick={() => appActions().paletteOpened()}>
                Open command palette
              </button>
            </div>
          </li>
          <li className="start__step">
            <span className="start__step-icon">
              <Icon name="panel" />
            </span>
            <div>
              <strong>The bottom panel</strong>
              <p>
                Toggle it with <Kbd binding="Mod+J" />. It holds terminals bound to a cluster and namespace; a run’s step logs open on its page in the Runs view.
              </p>
            </div>
          </li>
        </ol>
      </section>

      {views.length > 0 && (
        <section className="start__section" aria-labelledby="start-views-h">
          <h2 id="start-views-h">Views</h2>
          <ul className="start__views">
            {views.map((v) => (
              <li key={v.id}>
                <button type="button" className="start__view" onClick={() => openView(v.id)}>
                  <IconSlot icon={v.icon ?? 'panel'} />
                  <span>
                    <strong>{v.title}</strong>
                    {v.description && <small>{v.description}</small>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

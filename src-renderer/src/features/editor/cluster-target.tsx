// "Cluster": the context and runtime namespace the editor validates against (the cluster's own Tekton schema,
// read from its CRDs), where "Apply" applies and where "Run now" creates runs. The one place the target is picked.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { host } from '../../bridge/host';
import { describeError } from '../../bridge/report-error';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';
import { editorEvents, useClusterSchema, useEditorStore, useTarget, useTargetPickRequests } from './editor-store';

/** Reads the Tekton schema of `context` into the store (the lint worker picks it up). */
export async function loadClusterSchema(context: string, read: (context: string) => Promise<ClusterSchema> = (c) => host().pipelines.clusterSchema({ context: c }) as Promise<ClusterSchema>): Promise<void> {
  editorEvents.clusterSchemaChanged({ context, state: 'loading' });
  try {
    const schema = await read(context);
    editorEvents.clusterSchemaChanged({ context, state: 'loaded', schema });
  } catch (err) {
    editorEvents.clusterSchemaChanged({ context, state: 'failed', message: describeError(err) });
  }
}

/** The form above the code: context, namespace, "Connect" (reads the live schema). */
export function ClusterTargetBar({ load = loadClusterSchema }: { readonly load?: (context: string) => Promise<void> }): ReactElement {
  const target = useTarget();
  const schema = useClusterSchema();
  const [context, setContext] = useState(target.context);
  const [namespace, setNamespace] = useState(target.namespace);
  const contextField = useRef<HTMLInputElement>(null);
  const pickRequests = useTargetPickRequests();
  const seenRequests = useRef(pickRequests);
  useEffect(() => {
    if (pickRequests === seenRequests.current) return;
    seenRequests.current = pickRequests;
    const field = contextField.current;
    field?.scrollIntoView?.({ block: 'nearest' });
    field?.focus();
    field?.select();
  }, [pickRequests]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const next = { context: context.trim(), namespace: namespace.trim() };
    editorEvents.targetChanged(next);
    if (next.context) void load(next.context);
    else editorEvents.clusterSchemaChanged(undefined);
  };
  return (
    <form className="editor-target" aria-label="Cluster" onSubmit={submit}>
      <label>
        Cluster context <input ref={contextField} value={context} onChange={(e) => setContext(e.target.value)} spellCheck={false} />
      </label>
      <label>
        Runtime namespace <input value={namespace} onChange={(e) => setNamespace(e.target.value)} spellCheck={false} />
      </label>
      <button type="submit">Connect</button>
      <span className="editor-target__status" role="status">
        {!schema && 'Validating with the bundled Tekton schema.'}
        {schema?.state === 'loading' && `Reading the Tekton schema of ${schema.context}…`}
        {schema?.state === 'loaded' && `Also validating against ${schema.schema.source}.`}
        {schema?.state === 'failed' && `Could not read the Tekton schema of ${schema.context}: ${schema.message}`}
      </span>
    </form>
  );
}

/** The current target, for actions outside React. */
export const currentTarget = () => useEditorStore.getState().target;

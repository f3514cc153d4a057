// The linter in a Web Worker, so typing never waits for it: one request in, one diagnostics list out.
import { lintText } from '../../../../src-shared/tekton';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';
import type { LintWorkerMessage, LintResponse } from './lint-protocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LintWorkerMessage>) => void) | null;
  postMessage(message: LintResponse): void;
};

let clusterSchema: ClusterSchema | undefined;

scope.onmessage = (e) => {
  const message = e.data;
  if (message.type === 'cluster-schema') {
    clusterSchema = message.schema;
    return;
  }
  const { id, path, text } = message;
  const diagnostics = lintText(text, clusterSchema ? { path, clusterSchema } : { path });
  scope.postMessage({ id, path, diagnostics });
};

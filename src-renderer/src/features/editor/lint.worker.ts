// The linter in a Web Worker, so typing never waits for it: one request in, one diagnostics list out.
import { lintText } from '../../../../src-shared/tekton';
import type { LintRequest, LintResponse } from './lint-protocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LintRequest>) => void) | null;
  postMessage(message: LintResponse): void;
};

scope.onmessage = (e) => {
  const { id, path, text } = e.data;
  const diagnostics = lintText(text, { path });
  scope.postMessage({ id, path, diagnostics });
};

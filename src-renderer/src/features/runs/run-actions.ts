// Run actions from the UI: cancel, re-run, delete (host calls) and the kubectl/tkn commands to copy.
import type { RunRef } from '../../../../src-shared/contract/runs';
import { host } from '../../bridge/host';

export const cancelRun = (ref: RunRef): Promise<unknown> => host().runs.cancel(ref);
export const rerunRun = (ref: RunRef): Promise<{ name: string }> => host().runs.rerun(ref);
export const deleteRun = (ref: RunRef): Promise<unknown> => host().runs.delete(ref);

/** The commands a user can paste into a terminal for this run. */
export function runCommands(ref: RunRef): { kubectl: string; tkn: string; logs: string } {
  const ctx = `--context ${shellQuote(ref.context)} -n ${ref.namespace}`;
  return {
    kubectl: `kubectl ${ctx} get pipelinerun ${ref.name} -o yaml`,
    tkn: `tkn ${ctx} pipelinerun describe ${ref.name}`,
    logs: `tkn ${ctx} pipelinerun logs -f ${ref.name}`,
  };
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

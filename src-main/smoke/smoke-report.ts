// The smoke test's verdict, shared by the packaged app (`--smoke-test`) and browser mode (`pipe-desktop smoke-test`).
// Each runner observes; this decides and formats the one-line JSON result.

/** How long a smoke test may take before it counts as failed. */
export const SMOKE_TIMEOUT_MS = 30_000;

/** What a runner saw. Fields a mode cannot observe are left out (Electron web preferences in browser mode). */
export interface SmokeObservation {
  readonly rendererLoaded: boolean;
  /** The contract round trip: `app.ping` through the mode's own transport. */
  readonly roundTrip: { readonly ok: boolean; readonly detail?: string };
  /** The Content-Security-Policy the renderer document was served with. */
  readonly csp: string | undefined;
  /** True when an inline script the page added did not run (the CSP is enforced, not just sent). */
  readonly inlineScriptBlocked: boolean;
  /** True when the page can reach Node (`require`/`process`): must never be. */
  readonly nodeInRenderer: boolean;
  readonly webPreferences?: { readonly contextIsolation: boolean; readonly sandbox: boolean; readonly nodeIntegration: boolean };
}

/** The one line a smoke test prints. */
export interface SmokeResult {
  readonly ok: boolean;
  readonly mode: 'electron' | 'browser';
  readonly failures: readonly string[];
}

/** Problems with a CSP for our renderer (empty when it is as tight as what ships). */
export function cspProblems(csp: string | undefined): string[] {
  if (!csp) return ['no Content-Security-Policy on the renderer document'];
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!.toLowerCase(), parts.slice(1)] as const),
  );
  const problems: string[] = [];
  const script = directives.get('script-src') ?? directives.get('default-src');
  if (!script) problems.push('no script-src or default-src');
  else if (script.some((s) => s === "'unsafe-eval'" || s === "'unsafe-inline'" || s === '*' || s === 'data:')) {
    problems.push(`script-src allows more than our own files: ${script.join(' ')}`);
  }
  if (directives.get('object-src')?.join(' ') !== "'none'") problems.push("object-src is not 'none'");
  if (!directives.get('frame-ancestors')?.includes("'none'")) problems.push("frame-ancestors is not 'none'");
  return problems;
}

/** Decides the result from what a runner observed. */
export function judgeSmoke(mode: SmokeResult['mode'], o: SmokeObservation): SmokeResult {
  const failures: string[] = [];
  if (!o.rendererLoaded) failures.push('the renderer did not load');
  if (!o.roundTrip.ok) failures.push(`contract round trip failed${o.roundTrip.detail ? `: ${o.roundTrip.detail}` : ''}`);
  failures.push(...cspProblems(o.csp));
  if (!o.inlineScriptBlocked) failures.push('an inline script ran in the renderer: the CSP is not enforced');
  if (o.nodeInRenderer) failures.push('the renderer can reach Node');
  if (mode === 'electron') {
    const w = o.webPreferences;
    if (!w) failures.push('web preferences not observed');
    else {
      if (!w.contextIsolation) failures.push('contextIsolation is off');
      if (!w.sandbox) failures.push('the renderer is not sandboxed');
      if (w.nodeIntegration) failures.push('nodeIntegration is on');
    }
  }
  return { ok: failures.length === 0, mode, failures };
}

/**
 * The page-side probe, as source text both runners evaluate in the renderer: is Node reachable, is an inline script
 * blocked? (Not `eval`: a debugger's evaluation is exempt from the page's CSP, an added script element is not.)
 */
export const PAGE_PROBE = `(() => {
  const g = globalThis;
  const s = document.createElement('script');
  s.textContent = 'globalThis.__pipeSmokeInline = true';
  document.head.appendChild(s);
  s.remove();
  const inlineScriptBlocked = g.__pipeSmokeInline !== true;
  return { inlineScriptBlocked, nodeInRenderer: typeof g.require === 'function' || typeof g.process === 'object' };
})()`;

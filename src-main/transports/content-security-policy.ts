// The one CSP for the renderer, used by the browser-mode server and the Electron protocol handler.
// As tight as what ships: a feature that needs more adds one entry to CSP_RELAXATIONS below, with its reason,
// in the same commit as the feature (never a second policy elsewhere).

/** One exception to the base policy: which sources a directive gains, and why. */
export interface CspRelaxation {
  readonly directive: string;
  readonly sources: readonly string[];
  /** The shipped feature that needs it and why it cannot do without (reviewed like code). */
  readonly reason: string;
}

/**
 * The base policy. No 'unsafe-inline' anywhere: scripts and style sheets are our own files. React's `style={}`
 * props need no `style-src-attr` relaxation because React DOM writes them through the CSSOM (`element.style`),
 * which CSP does not govern; only style attributes in parsed markup or set with setAttribute('style') are blocked.
 * `data:` images and fonts: Vite inlines small assets as data URLs.
 */
const BASE: ReadonlyArray<readonly [directive: string, sources: readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

/**
 * Exceptions that shipped features need, narrowest directive first (style-src-elem / style-src-attr, never
 * style-src or script-src). Remove an entry when the feature that needed it goes away.
 */
export const CSP_RELAXATIONS: readonly CspRelaxation[] = [
  {
    directive: 'style-src-elem',
    sources: ["'self'", "'unsafe-inline'"],
    // Checked in Chromium without it (issue 9): Monaco's text and widgets lose their layout; xterm.js also adds one.
    reason:
      'Monaco (pipeline editor) injects <style> elements at run time for themes, decorations and widget sizes; ' +
      'xterm.js (terminal) adds its own <style> element per terminal',
  },
  {
    directive: 'style-src-attr',
    sources: ["'unsafe-inline'"],
    // Checked in Chromium without it: 260 blocked attributes while opening one file, lines drawn on top of each other.
    reason: 'Monaco (pipeline editor) renders its view lines as markup with style attributes (top/height per line)',
  },
];

/** Builds the renderer's Content-Security-Policy; `connect` adds the host origin for WebSocket mode. */
export function contentSecurityPolicy(connect: readonly string[] = [], relaxations: readonly CspRelaxation[] = CSP_RELAXATIONS): string {
  const directives = new Map<string, string[]>(BASE.map(([name, sources]) => [name, [...sources]]));
  directives.get('connect-src')!.push(...connect);
  for (const { directive, sources } of relaxations) {
    const current = directives.get(directive);
    if (current) current.push(...sources.filter((s) => !current.includes(s)));
    else directives.set(directive, [...sources]);
  }
  return [...directives].map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

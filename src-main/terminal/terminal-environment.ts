// The environment a terminal starts with: the login shell's (PATH for kubectl, kubelogin, cloud CLIs), never the app's internals.

/** The login shell's environment (the clusters module resolves it once at start). */
export interface LoginEnvironment {
  get(): Promise<Readonly<Record<string, string>>>;
}

const DROPPED = [/^ELECTRON_/, /^PIPE_DESKTOP_/, /^npm_/, /^VITEST/, /^NODE_OPTIONS$/, /^TERM_PROGRAM/, /^COLUMNS$/, /^LINES$/];

/** Builds a terminal's environment; `kubeconfig` (a per-terminal file) replaces KUBECONFIG when set. */
export function terminalEnvironment(
  own: Readonly<Record<string, string | undefined>>,
  login: Readonly<Record<string, string>>,
  extra: { kubeconfig?: string; appVersion?: string } = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of [own, login]) {
    for (const [k, v] of Object.entries(source)) {
      if (v === undefined || DROPPED.some((re) => re.test(k))) continue;
      env[k] = v;
    }
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'PIPE-Desktop';
  if (extra.appVersion) env.TERM_PROGRAM_VERSION = extra.appVersion;
  if (!env.LANG && !env.LC_ALL) env.LANG = 'C.UTF-8';
  if (extra.kubeconfig) env.KUBECONFIG = extra.kubeconfig;
  return env;
}

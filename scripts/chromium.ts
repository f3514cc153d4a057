// The one Chromium the tests and the browser-mode smoke test drive: Debian's, or `PIPE_CHROMIUM` (e.g. the CI
// runner's Chrome). Never a downloaded browser.

/** The Chromium executable. */
export const CHROMIUM_PATH = process.env['PIPE_CHROMIUM'] || '/usr/bin/chromium';

/** Flags for a headless run on a machine with a closed network (no background connections, no GPU). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// `pipe-desktop --smoke-test` in the packaged app: observes the real window, prints one JSON line, exits 0 or 1.
// Run by the release workflow on each OS (Linux under xvfb-run); never in normal use.
import { app, type BrowserWindow } from 'electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCKED_WEB_PREFERENCES } from './main-window';
import { judgeSmoke, PAGE_PROBE, SMOKE_TIMEOUT_MS, type SmokeObservation } from '../smoke/smoke-report';

/** The command-line flag. */
export const SMOKE_TEST_FLAG = '--smoke-test';

/** True when this launch is a smoke test. */
export function isSmokeTest(argv: readonly string[]): boolean {
  return argv.includes(SMOKE_TEST_FLAG);
}

/** Before `ready`: a throwaway profile, so a smoke test never touches the user's data; and the deadline. */
export function prepareSmokeTest(): void {
  app.setPath('userData', mkdtempSync(join(tmpdir(), 'pipe-desktop-smoke-')));
  setTimeout(() => finish({ ok: false, mode: 'electron', failures: [`no result within ${SMOKE_TIMEOUT_MS / 1000} s`] }), SMOKE_TIMEOUT_MS).unref();
}

// The shell has rendered once its sidebar exists; React renders after load, so wait for it (up to 10 s).
const RENDERED = `new Promise((resolve) => {
  const started = Date.now();
  const check = () => {
    if (document.querySelector('nav[aria-label="Sidebar"]')) resolve(true);
    else if (Date.now() - started > 10000) resolve(false);
    else setTimeout(check, 100);
  };
  check();
})`;

// A call id no renderer client uses, so the answer is ours alone.
const ROUND_TRIP = `new Promise((resolve) => {
  const id = 2147483000;
  const timer = setTimeout(() => { off(); resolve({ ok: false, detail: 'no answer within 10 s' }); }, 10000);
  const off = window.pipeHost.onMessage((m) => {
    if (m.id !== id) return;
    clearTimeout(timer);
    off();
    resolve(m.t === 'result' && m.value && m.value.text === 'smoke' ? { ok: true } : { ok: false, detail: JSON.stringify(m).slice(0, 200) });
  });
  window.pipeHost.send({ t: 'call', id, method: 'app.ping', args: { text: 'smoke' } });
})`;

/** After the window loaded: observe, judge, print, exit. `csp` is the header the app:// handler serves. */
export async function runSmokeTest(win: BrowserWindow, csp: string): Promise<void> {
  try {
    const contents = win.webContents;
    // Electron has no getter for a live window's preferences: report those it was created with, and where the OS
    // reports it (macOS, Windows) let the renderer process's own sandbox state override.
    const metric = app.getAppMetrics().find((m) => m.pid === contents.getOSProcessId());
    const rendererLoaded = (await contents.executeJavaScript(RENDERED)) === true;
    const roundTrip = (await contents.executeJavaScript(ROUND_TRIP)) as SmokeObservation['roundTrip'];
    const probe = (await contents.executeJavaScript(PAGE_PROBE)) as { inlineScriptBlocked: boolean; nodeInRenderer: boolean };
    finish(
      judgeSmoke('electron', {
        rendererLoaded,
        roundTrip,
        csp,
        ...probe,
        webPreferences: {
          contextIsolation: LOCKED_WEB_PREFERENCES.contextIsolation,
          sandbox: metric?.sandboxed ?? LOCKED_WEB_PREFERENCES.sandbox,
          nodeIntegration: LOCKED_WEB_PREFERENCES.nodeIntegration || probe.nodeInRenderer,
        },
      }),
    );
  } catch (err) {
    finish({ ok: false, mode: 'electron', failures: [`smoke test crashed: ${(err as Error).message}`] });
  }
}

function finish(result: { ok: boolean; mode: string; failures: readonly string[] }): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  app.exit(result.ok ? 0 : 1);
}

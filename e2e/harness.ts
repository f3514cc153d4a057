// E2E and bench helpers: the browser-mode host as a child process, and Debian's Chromium via playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where e2e screenshots go. */
export const SCREENSHOT_DIR = join(ROOT, 'artifacts', 'e2e');

export { CHROMIUM_PATH };

/** A running browser-mode host. */
export interface HostProcess {
  /** The URL with the launch secret, as printed: `http://pipe-<random>.localhost:<port>/?token=<secret>`. */
  readonly url: string;
  /** `http://pipe-<random>.localhost:<port>`: the only origin the host answers (Chromium resolves it to loopback). */
  readonly origin: string;
  /** `pipe-<random>.localhost:<port>`: the Host header Node clients must send (Node does not resolve `*.localhost`). */
  readonly authority: string;
  readonly port: number;
  readonly secret: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  /** Stops the host (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** The URL the host prints: its own per-launch `*.localhost` name, the port, the launch secret. */
export const PRINTED_URL = /(http:\/\/pipe-[0-9a-f]+\.localhost:\d+\/\?token=[\w-]+)/;

/** An HTTP answer read whole. */
export interface HostResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * GET (or `method`) from a Node client, the way a browser at the printed URL would: connects to 127.0.0.1 and sends
 * the host's name in the Host header (Node, unlike Chromium, does not resolve `*.localhost`). `headers.host` overrides.
 */
export function requestHost(host: HostProcess, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HostResponse> {
  return new Promise((resolveResponse, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method, headers: { host: host.authority, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Options for startHostProcess. */
export interface StartHostOptions {
  /** Defaults to a fresh temp folder (removed by `removeDataDir`). */
  readonly dataDir?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Makes a fresh temp app-data folder. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'pipe-desktop-e2e-'));
}

/** Removes a temp app-data folder. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `node out/main/serve.js` and resolves once it printed its URL. */
export async function startHostProcess(options: StartHostOptions = {}): Promise<HostProcess> {
  const serveJs = join(ROOT, 'out', 'main', 'serve.js');
  if (!existsSync(serveJs)) throw new Error(`${serveJs} is missing: run \`npx electron-vite build\` first.`);
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(process.execPath, [serveJs], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      // A fresh home: no ~/.kube/config of the machine leaks into the tests.
      HOME: dataDir,
      PIPE_DESKTOP_DATA_DIR: dataDir,
      PIPE_DESKTOP_PORT: String(options.port ?? 0),
      PIPE_DESKTOP_RENDERER_DIR: join(ROOT, 'out', 'renderer'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => fail(new Error(`the host printed no URL within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = PRINTED_URL.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`the host exited with code ${code}`)));
  });

  const parsed = new URL(url);
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  const host: HostProcess = {
    url,
    origin: parsed.origin,
    authority: parsed.host,
    port: Number(parsed.port),
    secret: parsed.searchParams.get('token')!,
    pid: child.pid!,
    dataDir,
    child,
    stderr: () => stderr,
    stop: async () => {
      running.delete(host);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(host);
  return host;
}

/** Hosts this file started and has not stopped (one module instance per test file). */
const running = new Set<HostProcess>();

/**
 * Why each host this file started and did not stop has ended, if one has: a host that dies mid-test shows up in the
 * page only as a view that never loads, so the fixtures fail the test with the host's own last words instead.
 */
export function hostsThatEnded(): string[] {
  return [...running]
    .filter((h) => h.child.exitCode !== null || h.child.signalCode !== null)
    .map((h) => `the host process (pid ${h.pid}) ended with code ${h.child.exitCode}, signal ${h.child.signalCode}; its stderr ends:\n${h.stderr().slice(-4000)}`);
}

/** Launches headless Chromium; says how to install it when missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: run 'apt-get update && apt-get install -y chromium' (as root).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/** Opens the host's URL in a new page and waits until the shell rendered. */
export async function openApp(browser: Browser, host: HostProcess, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  await page.goto(host.url);
  await waitForShell(page);
  return page;
}

/**
 * Waits for the shell's first render, a live host connection, and the sidebar's sections to have loaded: until then
 * they grow under the pointer, and a click on a view below them can land on the wrong item (or on none).
 */
export async function waitForShell(page: Page): Promise<void> {
  await page.locator('[data-shell-ready]').waitFor({ state: 'visible' });
  await page.locator('[data-connection="connected"]').waitFor({ state: 'visible' });
  await page.getByRole('navigation', { name: 'Sidebar' }).locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
}

/** Saves a full-window screenshot as artifacts/e2e/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${slug(name)}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A file-name-safe version of a test name. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

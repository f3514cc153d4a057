// One terminal on the renderer side, outside React: the xterm instance, its attachment to the host (output with
// flow-control acknowledgements, input, resize) and re-attaching after the host connection comes back.
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { MAX_TERMINAL_INPUT_CHARS, type TerminalEvent } from '../../../../src-shared/contract/terminal';
import { inputChunks } from '../../../../src-shared/terminal/input-chunks';
import { AckBatcher } from '../../../../src-shared/terminal/flow-control';
import { host } from '../../bridge/host';
import { reportError } from '../../bridge/report-error';
import { useAppStore } from '../../state/store';
import { terminalActions } from './terminal-store';

/** Looks of a terminal, from settings and the theme. */
export interface TerminalLooks {
  readonly fontSize: number;
  readonly scrollback: number;
  readonly theme: ITheme;
  readonly renderer: 'webgl' | 'dom';
}

/** Input is sent in pieces the contract accepts; the host writes them in order. */
const INPUT_CHUNK = Math.min(64 * 1024, MAX_TERMINAL_INPUT_CHARS);

/** A terminal's xterm and its host attachment. */
export class TerminalConnection {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fit = new FitAddon();
  private readonly acks: AckBatcher;
  private detach: (() => void) | undefined;
  private stopWatchingConnection: (() => void) | undefined;
  private element: HTMLElement | undefined;
  private webgl: WebglAddon | undefined;
  private looks: TerminalLooks;
  private disposed = false;
  private exited = false;

  constructor(
    readonly id: string,
    looks: TerminalLooks,
  ) {
    this.looks = looks;
    this.term = new Terminal({
      allowProposedApi: true,
      cursorBlink: true,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono') || 'monospace',
      fontSize: looks.fontSize,
      scrollback: looks.scrollback,
      theme: looks.theme,
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.acks = new AckBatcher((chars) => void host().terminal.ack({ id, chars }).catch(() => undefined));
    this.term.onData((data) => this.send(data));
    this.term.onBinary((data) => this.send(data));
    this.term.onResize(({ cols, rows }) => void host().terminal.resize({ id, cols, rows }).catch(() => undefined));
    this.term.onSelectionChange(() => {
      const text = this.term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    });
    this.attach();
  }

  /** Puts the terminal into `element` (once) and sizes it. */
  mount(element: HTMLElement): void {
    if (this.element === element) return;
    if (this.element) {
      element.appendChild(this.term.element!);
      this.element = element;
      this.resize();
      return;
    }
    this.element = element;
    this.term.open(element);
    this.applyRenderer();
    this.resize();
  }

  /** Fits the terminal to its element (the dock was resized). */
  resize(): void {
    if (!this.element || this.element.clientWidth === 0) return;
    try {
      this.fit.fit();
    } catch {
      // not laid out yet
    }
  }

  focus(): void {
    this.term.focus();
  }

  setLooks(looks: TerminalLooks): void {
    this.term.options.fontSize = looks.fontSize;
    this.term.options.scrollback = looks.scrollback;
    this.term.options.theme = looks.theme;
    this.looks = looks;
    if (this.element) this.applyRenderer();
    this.resize();
  }

  /** Which renderer draws it now (tests and the status of the fallback). */
  get renderer(): 'webgl' | 'dom' {
    return this.webgl ? 'webgl' : 'dom';
  }

  private applyRenderer(): void {
    if (this.looks.renderer === 'dom') {
      this.webgl?.dispose();
      this.webgl = undefined;
    } else if (!this.webgl) this.loadWebgl();
    this.element?.setAttribute('data-renderer', this.renderer);
  }

  private loadWebgl(): void {
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        if (this.webgl === webgl) this.webgl = undefined;
      });
      this.term.loadAddon(webgl);
      this.webgl = webgl;
    } catch {
      // No WebGL (software rendering, old GPU): xterm's DOM renderer stays.
    }
  }

  /** Stops showing it; the host keeps the process (closing is a separate call). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.detach?.();
    this.stopWatchingConnection?.();
    this.term.dispose();
  }

  private send(data: string): void {
    if (this.exited) return;
    for (const piece of inputChunks(data, INPUT_CHUNK)) {
      void host()
        .terminal.input({ id: this.id, data: piece })
        .catch((err: unknown) => reportError('Typing into the terminal', err));
    }
  }

  private attach(): void {
    if (this.disposed) return;
    this.detach = host().terminal.attach(
      { id: this.id },
      {
        next: (event) => this.receive(event),
        end: (err) => {
          this.detach = undefined;
          if (this.disposed) return;
          if (err?.code === 'not-found') {
            this.term.write('\r\n\x1b[33m[This terminal was closed by the host.]\x1b[0m\r\n');
            this.exited = true;
            terminalActions.terminalExited(this.id, { code: null, message: 'Closed by the host.' });
            return;
          }
          // The host connection dropped: re-attach once it is back (the host keeps the terminal for a while).
          this.reattachWhenConnected();
        },
      },
    );
  }

  private receive(event: TerminalEvent): void {
    if (event.kind === 'exit') {
      this.exited = true;
      terminalActions.terminalExited(this.id, event);
      this.term.write(`\r\n\x1b[2m[${describeExit(event)}]\x1b[0m\r\n`);
      return;
    }
    // A replay is everything the host kept: start from a clean screen so nothing shows twice.
    if (event.replay) this.term.reset();
    const length = event.data.length;
    this.term.write(event.data, () => this.acks.written(length));
  }

  private reattachWhenConnected(): void {
    this.stopWatchingConnection?.();
    let wasDown = useAppStore.getState().connection !== 'connected';
    this.stopWatchingConnection = useAppStore.subscribe((s) => {
      if (s.connection !== 'connected') wasDown = true;
      else if (wasDown) {
        this.stopWatchingConnection?.();
        this.stopWatchingConnection = undefined;
        this.attach();
      }
    });
  }
}

function describeExit(exit: Extract<TerminalEvent, { kind: 'exit' }>): string {
  if (exit.message) return exit.message;
  if (exit.signal) return `Process ended by ${exit.signal}`;
  return `Process exited with code ${exit.code ?? '?'}`;
}

function openLink(uri: string): void {
  if (!/^https?:\/\//i.test(uri)) return;
  host()
    .app.openExternal({ url: uri })
    .then(({ opened }) => {
      if (!opened) window.open(uri, '_blank', 'noopener,noreferrer');
    })
    .catch((err: unknown) => reportError('Opening the link', err));
}

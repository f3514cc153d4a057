// Picks the transport: Electron's preload bridge when present, else a WebSocket to the browser-mode host.
import type { ClientMessage, HostMessage, MessagePort } from '../../../src-shared/contract/wire';

/** What the Electron preload exposes on `window.pipeHost`. */
export interface PreloadBridge {
  send(message: ClientMessage): void;
  onMessage(listener: (message: HostMessage) => void): () => void;
}

declare global {
  interface Window {
    pipeHost?: PreloadBridge;
  }
}

/** Opens the message port to the host. */
export function openHostPort(): MessagePort<ClientMessage, HostMessage> {
  if (window.pipeHost) return window.pipeHost;
  return openWebSocketPort(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`);
}

/** A WebSocket port that queues messages until the socket opens. */
export function openWebSocketPort(url: string): MessagePort<ClientMessage, HostMessage> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  const listeners = new Set<(m: HostMessage) => void>();
  const closeListeners = new Set<() => void>();
  ws.addEventListener('open', () => {
    for (const m of queue.splice(0)) ws.send(m);
  });
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(String(e.data)) as HostMessage;
    for (const l of listeners) l(msg);
  });
  ws.addEventListener('close', () => {
    for (const l of closeListeners) l();
  });
  return {
    send(message) {
      const text = JSON.stringify(message);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      else if (ws.readyState === WebSocket.CONNECTING) queue.push(text);
      else throw new Error('The connection to the host is closed.');
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
}

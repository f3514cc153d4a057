// Preload (sandboxed, CommonJS): exposes `window.pipeHost` = {send, onMessage} and nothing else.
// Messages travel as JSON strings so the host applies the same size limit and parsing as for WebSockets.
import { contextBridge, ipcRenderer } from 'electron';
import type { ClientMessage, HostMessage } from '../../src-shared/contract/wire';
import { IPC_CHANNELS } from './ipc-channels';

const listeners = new Set<(message: HostMessage) => void>();

ipcRenderer.on(IPC_CHANNELS.toRenderer, (_event, text: unknown) => {
  if (typeof text !== 'string') return;
  let message: HostMessage;
  try {
    message = JSON.parse(text) as HostMessage;
  } catch {
    return;
  }
  for (const listener of listeners) listener(message);
});

// A new page load gets a fresh connection: subscriptions of the previous page end on the host.
ipcRenderer.send(IPC_CHANNELS.hello);

contextBridge.exposeInMainWorld('pipeHost', {
  send(message: ClientMessage): void {
    ipcRenderer.send(IPC_CHANNELS.toHost, JSON.stringify(message));
  },
  onMessage(listener: (message: HostMessage) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});
